package dev.flinkext.state.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalValueState;

import java.io.IOException;

/** A {@code ValueState} that reports its accesses. */
@Internal
public final class InstrumentedValueState<K, N, T>
        extends AbstractInstrumentedState<K, N, T, InternalValueState<K, N, T>>
        implements InternalValueState<K, N, T> {

    public InstrumentedValueState(
            InternalValueState<K, N, T> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public T value() throws IOException {
        long start = metrics.beginRead();
        T value = original.value();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), valueBytes(value));
        }
        return value;
    }

    @Override
    public void update(T value) throws IOException {
        long start = metrics.beginWrite();
        original.update(value);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), valueBytes(value));
        }
    }
}
