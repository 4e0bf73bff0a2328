package dev.flinkext.state.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalAggregatingState;

import java.util.Collection;

/** An {@code AggregatingState} that reports its accesses; the value is the accumulator. */
@Internal
public final class InstrumentedAggregatingState<K, N, IN, ACC, OUT>
        extends AbstractInstrumentedState<K, N, ACC, InternalAggregatingState<K, N, IN, ACC, OUT>>
        implements InternalAggregatingState<K, N, IN, ACC, OUT> {

    public InstrumentedAggregatingState(
            InternalAggregatingState<K, N, IN, ACC, OUT> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public OUT get() throws Exception {
        long start = metrics.beginRead();
        OUT result = original.get();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
        return result;
    }

    @Override
    public void add(IN value) throws Exception {
        long start = metrics.beginWrite();
        original.add(value);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
    }

    @Override
    public ACC getInternal() throws Exception {
        long start = metrics.beginRead();
        ACC accumulator = original.getInternal();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), valueBytes(accumulator));
        }
        return accumulator;
    }

    @Override
    public void updateInternal(ACC accumulator) throws Exception {
        long start = metrics.beginWrite();
        original.updateInternal(accumulator);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), valueBytes(accumulator));
        }
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        long start = metrics.beginWrite();
        original.mergeNamespaces(target, sources);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
    }
}
