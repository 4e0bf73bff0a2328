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
