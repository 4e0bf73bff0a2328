package dev.flinkext.state.instrumented;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.Map;

/** Runs a keyed function on an instrumented backend in Flink's operator test harness. */
final class StateMetricsHarness {

    private StateMetricsHarness() {}

    static <OUT> KeyedOneInputStreamOperatorTestHarness<Long, Long, OUT> open(
            KeyedProcessFunction<Long, Long, OUT> function, StateBackend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Long, Long, OUT> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), v -> v % 100, Types.LONG);
        harness.setStateBackend(backend);
        harness.open();
        return harness;
    }

    /** The per-state metrics of the harness's keyed backend. */
    static Map<String, StateMetrics> metrics(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
        Object backend = h.getOperator().getKeyedStateBackend();
        if (backend instanceof InstrumentedKeyedStateBackend) {
            return ((InstrumentedKeyedStateBackend<?>) backend).stateMetrics();
        }
        throw new AssertionError("not instrumented: " + backend);
    }
}
