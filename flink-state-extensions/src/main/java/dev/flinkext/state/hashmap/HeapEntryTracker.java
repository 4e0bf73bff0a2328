package dev.flinkext.state.hashmap;

import dev.flinkext.state.backend.EntryTracker;
import dev.flinkext.state.backend.InstrumentedKeyedStateBackend;
import dev.flinkext.state.metrics.AbstractInstrumentedState;
import dev.flinkext.state.metrics.StateMetrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.heap.AbstractHeapState;
import org.apache.flink.runtime.state.heap.StateTable;

/**
 * Entry counts and entry sizes of heap states, read from their state tables, and the link to the
 * heap guard.
 */
@Internal
final class HeapEntryTracker implements EntryTracker {

    private static final long serialVersionUID = 1L;

    private final HeapStateGuardSettings guard;

    HeapEntryTracker(HeapStateGuardSettings guard) {
        this.guard = guard;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void track(
            AbstractInstrumentedState<?, ?, ?, ?> state,
            StateMetrics metrics,
            MetricGroup stateGroup) {
        if (!(state.original() instanceof AbstractHeapState)) {
            return;
        }
        StateTable table = ((AbstractHeapState) state.original()).getStateTable();
        AbstractInstrumentedState raw = state;
        metrics.trackEntries(
                table::size,
                () -> {
                    Object namespace = raw.currentNamespace();
                    Object key = raw.currentKey();
                    if (namespace == null || key == null) {
                        return -1;
                    }
                    return raw.valueBytes(table.get(key, namespace));
                },
                stateGroup);
        if (guard.enabled()) {
            HeapStateGuard.instance().register(metrics);
            metrics.afterEachSample(() -> HeapStateGuard.instance().check(guard));
        }
    }

    @Override
    public void release(InstrumentedKeyedStateBackend<?> backend) {
        for (StateMetrics metrics : backend.stateMetrics().values()) {
            HeapStateGuard.instance().release(metrics);
        }
    }
}
