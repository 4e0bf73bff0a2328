/*
 * Copyright 2026 the flinkext authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.flinkext.state.hashmap;

import dev.flinkext.state.instrumented.AbstractInstrumentedState;
import dev.flinkext.state.instrumented.EntryTracker;
import dev.flinkext.state.instrumented.InstrumentedKeyedStateBackend;
import dev.flinkext.state.instrumented.StateMetrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
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
            metrics.afterEachSample(now -> HeapStateGuard.instance().afterSample(guard, now));
        }
    }

    @Override
    public void attach(InstrumentedKeyedStateBackend<?> backend) {
        backend.metricGroup()
                .gauge(
                        InstrumentedHashMapStateBackend.ESTIMATED_STATE_SIZE,
                        (Gauge<Long>)
                                () ->
                                        backend.stateMetrics().values().stream()
                                                .mapToLong(StateMetrics::estimatedSizeBytes)
                                                .sum());
        backend.metricGroup()
                .gauge(
                        InstrumentedHashMapStateBackend.GUARD_LEVEL,
                        (Gauge<Integer>) HeapStateGuard.instance()::level);
    }

    @Override
    public void release(InstrumentedKeyedStateBackend<?> backend) {
        HeapStateGuard.instance().release(backend.stateMetrics().values(), guard);
    }
}
