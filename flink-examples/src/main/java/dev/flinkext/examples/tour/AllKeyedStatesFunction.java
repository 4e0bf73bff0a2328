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
package dev.flinkext.examples.tour;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.AggregatingState;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps every event of a key in all five kinds of keyed state and, when the input has ended, emits
 * one {@link KeySummary} per key.
 *
 * <p>The summary is emitted from an event-time timer at {@link Long#MAX_VALUE}: it fires only on
 * the final watermark that a bounded source sends when it finishes, so each key is reported once,
 * after all its events, whatever failures and restores happened before.
 */
@PublicEvolving
public class AllKeyedStatesFunction extends KeyedProcessFunction<Long, Event, KeySummary> {

    private static final long serialVersionUID = 1L;

    // Package-private so that tests can replace one of them and prove that the check catches it.
    transient ValueState<Long> count;
    transient ListState<Long> values;
    transient ReducingState<Long> sum;
    transient AggregatingState<Long, Double> mean;
    transient MapState<Integer, Long> lastDigitCounts;

    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        values = getRuntimeContext().getListState(new ListStateDescriptor<>("values", Types.LONG));
        sum =
                getRuntimeContext()
                        .getReducingState(
                                new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
        mean =
                getRuntimeContext()
                        .getAggregatingState(
                                new AggregatingStateDescriptor<>(
                                        "mean", new Mean(), Types.TUPLE(Types.LONG, Types.LONG)));
        lastDigitCounts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "last-digit-counts", Types.INT, Types.LONG));
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<KeySummary> out)
            throws Exception {
        Long previous = count.value();
        if (previous == null) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            previous = 0L;
        }
        count.update(previous + 1);
        values.add(event.value);
        sum.add(event.value);
        mean.add(event.value);
        int digit = (int) (event.value % 10);
        Long digitCount = lastDigitCounts.get(digit);
        lastDigitCounts.put(digit, digitCount == null ? 1 : digitCount + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeySummary> out)
            throws Exception {
        List<Long> all = new ArrayList<>();
        values.get().forEach(all::add);
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] digits = new long[10];
        for (Map.Entry<Integer, Long> entry : lastDigitCounts.entries()) {
            digits[entry.getKey()] = entry.getValue();
        }
        Long total = sum.get();
        Double average = mean.get();
        out.collect(
                new KeySummary(
                        ctx.getCurrentKey(),
                        count.value(),
                        total == null ? 0 : total,
                        average == null ? 0 : average,
                        sorted,
                        digits));
    }

    /** Running mean as (sum, count). */
    static final class Mean implements AggregateFunction<Long, Tuple2<Long, Long>, Double> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, Long> createAccumulator() {
            return Tuple2.of(0L, 0L);
        }

        @Override
        public Tuple2<Long, Long> add(Long value, Tuple2<Long, Long> acc) {
            return Tuple2.of(acc.f0 + value, acc.f1 + 1);
        }

        @Override
        public Double getResult(Tuple2<Long, Long> acc) {
            return acc.f1 == 0 ? 0.0 : (double) acc.f0 / acc.f1;
        }

        @Override
        public Tuple2<Long, Long> merge(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
            return Tuple2.of(a.f0 + b.f0, a.f1 + b.f1);
        }
    }
}
