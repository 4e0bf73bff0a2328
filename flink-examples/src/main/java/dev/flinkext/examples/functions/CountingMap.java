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
package dev.flinkext.examples.functions;

import dev.flinkext.state.functions.CheckpointedValue;
import dev.flinkext.state.functions.OperatorStates;
import dev.flinkext.state.functions.Redistribution;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Counts the readings each parallel instance has seen, as operator state that survives failures and
 * rescaling (counts of instances that are merged on scale-in are added up), and exposes the count
 * as a metric.
 */
@PublicEvolving
public class CountingMap extends RichMapFunction<Reading, Reading> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final OperatorStates states = new OperatorStates();
    private final CheckpointedValue<Long> seen =
            states.value(
                    "readings-seen", Types.LONG, Redistribution.EVEN_SPLIT, () -> 0L, Long::sum);

    @Override
    public void open(OpenContext openContext) {
        getRuntimeContext().getMetricGroup().gauge("readingsSeen", seen::get);
    }

    @Override
    public Reading map(Reading reading) {
        seen.set(seen.get() + 1);
        return reading;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        states.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        states.snapshot();
    }
}
