package dev.flinkext.state.instrumented;

import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalValueState;

import java.io.IOException;

/** A {@code ValueState} that reports its accesses. */
final class InstrumentedValueState<K, N, T>
        extends AbstractInstrumentedState<K, N, T, InternalValueState<K, N, T>>
        implements InternalValueState<K, N, T> {

    InstrumentedValueState(
            InternalValueState<K, N, T> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public T value() throws IOException {
        return metrics.countRead()
                ? sampledRead(original::value, this::valueBytes)
                : original.value();
    }

    @Override
    public void update(T value) throws IOException {
        if (metrics.countWrite()) {
            sampledWrite(() -> original.update(value), () -> valueBytes(value));
        } else {
            original.update(value);
        }
    }
}
