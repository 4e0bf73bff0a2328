package dev.flinkext.state.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalReducingState;

import java.util.Collection;

/** A {@code ReducingState} that reports its accesses. */
@Internal
public final class InstrumentedReducingState<K, N, T>
        extends AbstractInstrumentedState<K, N, T, InternalReducingState<K, N, T>>
        implements InternalReducingState<K, N, T> {

    public InstrumentedReducingState(
            InternalReducingState<K, N, T> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public T get() throws Exception {
        long start = metrics.beginRead();
        T value = original.get();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), valueBytes(value));
        }
        return value;
    }

    @Override
    public void add(T value) throws Exception {
        long start = metrics.beginWrite();
        original.add(value);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), valueBytes(value));
        }
    }

    @Override
    public T getInternal() throws Exception {
        long start = metrics.beginRead();
        T value = original.getInternal();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), valueBytes(value));
        }
        return value;
    }

    @Override
    public void updateInternal(T value) throws Exception {
        long start = metrics.beginWrite();
        original.updateInternal(value);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), valueBytes(value));
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
