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
package dev.flinkext.state.functions;

import dev.flinkext.state.functions.testing.Rescaler;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator-state holders through snapshot, {@code repartitionOperatorState} and restore at
 * parallelism 1 → 3 → 2, with the exact contents of every instance checked for every
 * redistribution.
 */
class OperatorStatesTest {

    /** Remembers every value it sees in each kind of holder. */
    static class Remembering extends RichMapFunction<Long, Long> implements CheckpointedFunction {
        final OperatorStates states = new OperatorStates();
        final CheckpointedList<Long> split =
                states.list("split", Types.LONG, Redistribution.EVEN_SPLIT);
        final CheckpointedList<Long> union = states.list("union", Types.LONG, Redistribution.UNION);
        final CheckpointedValue<Long> count =
                states.value("count", Types.LONG, Redistribution.EVEN_SPLIT, () -> 0L, Long::sum);
        final CheckpointedValue<Long> max =
                states.value("max", Types.LONG, Redistribution.UNION, () -> -1L, Math::max);
        final CheckpointedMap<Long, Long> byDigit =
                states.map(
                        "by-digit", Types.LONG, Types.LONG, Redistribution.EVEN_SPLIT, Long::sum);

        @Override
        public Long map(Long value) {
            split.add(value);
            union.add(value);
            count.set(count.get() + 1);
            max.set(Math.max(max.get(), value));
            byDigit.get().merge(value % 10, 1L, Long::sum);
            return value;
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

    private static Remembering fn(OneInputStreamOperatorTestHarness<Long, Long> harness) {
        return (Remembering)
                ((StreamMap<Long, Long>) harness.getOneInputOperator()).getUserFunction();
    }

    private static <T> List<T> each(
            List<OneInputStreamOperatorTestHarness<Long, Long>> harnesses,
            Function<Remembering, T> read) {
        List<T> out = new ArrayList<>();
        harnesses.forEach(h -> out.add(read.apply(fn(h))));
        return out;
    }

    private static List<Long> range(long fromInclusive, long toExclusive) {
        return LongStream.range(fromInclusive, toExclusive).boxed().toList();
    }

    @Test
    void restoresExactlyAcrossOneThreeTwo() throws Exception {
        Rescaler<Long, Long> rescaler = new Rescaler<>(() -> new StreamMap<>(new Remembering()));
        var one = rescaler.start(1);
        for (long v = 0; v < 10; v++) {
            one.get(0).processElement(v, v);
        }

        var three = rescaler.rescaleTo(3);
        assertThat(fn(three.get(0)).states.isRestored()).isTrue();
        assertThat(fn(three.get(0)).split.isInitialized()).isTrue();
        // EVEN_SPLIT: each of the ten values in exactly one instance.
        List<Long> dealt = new ArrayList<>();
        each(three, f -> f.split.get()).forEach(dealt::addAll);
        assertThat(dealt).containsExactlyInAnyOrderElementsOf(range(0, 10));
        assertThat(each(three, f -> f.split.get().size())).doesNotContain(10);
        // UNION: all ten values in every instance.
        assertThat(each(three, f -> f.union.get()))
                .allSatisfy(l -> assertThat(l).containsExactlyInAnyOrderElementsOf(range(0, 10)));
        // A count split one way: one instance has it, the others start from the initial value.
        assertThat(each(three, f -> f.count.get())).containsExactlyInAnyOrder(10L, 0L, 0L);
        // A union value merged: every instance has the maximum.
        assertThat(each(three, f -> f.max.get())).containsOnly(9L);
        assertThat(mergedDigits(three)).isEqualTo(digitCounts(range(0, 10)));

        for (int i = 0; i < 3; i++) {
            for (long v = 10 + i; v < 40; v += 3) {
                three.get(i).processElement(v, v);
            }
        }

        var two = rescaler.rescaleTo(2);
        dealt.clear();
        each(two, f -> f.split.get()).forEach(dealt::addAll);
        assertThat(dealt).containsExactlyInAnyOrderElementsOf(range(0, 40));
        // Union after 1 -> 3 -> 2: every instance gets all three instances' lists, each of which
        // held the first ten values: that is what UNION means, and why it is wrong for work lists.
        List<Long> expectedUnion = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expectedUnion.addAll(range(0, 10));
        }
        expectedUnion.addAll(range(10, 40));
        assertThat(each(two, f -> f.union.get()))
                .allSatisfy(l -> assertThat(l).containsExactlyInAnyOrderElementsOf(expectedUnion));
        // Three counts dealt to two instances: merged where two land together, total exact.
        assertThat(each(two, f -> f.count.get()).stream().mapToLong(Long::longValue).sum())
                .isEqualTo(40);
        assertThat(each(two, f -> f.max.get())).containsOnly(39L);
        assertThat(mergedDigits(two)).isEqualTo(digitCounts(range(0, 40)));
        rescaler.close();
    }

    private static Map<Long, Long> mergedDigits(
            List<OneInputStreamOperatorTestHarness<Long, Long>> harnesses) {
        Map<Long, Long> merged = new TreeMap<>();
        each(harnesses, f -> f.byDigit.get())
                .forEach(m -> m.forEach((k, v) -> merged.merge(k, v, Long::sum)));
        return merged;
    }

    private static Map<Long, Long> digitCounts(List<Long> values) {
        Map<Long, Long> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v % 10, 1L, Long::sum));
        return counts;
    }

    /** A value without a merge function. */
    static class Unmergeable extends RichMapFunction<Long, Long> implements CheckpointedFunction {
        final OperatorStates states = new OperatorStates();
        final CheckpointedValue<Long> last =
                states.value("last", Types.LONG, Redistribution.EVEN_SPLIT, () -> 0L, null);

        @Override
        public Long map(Long value) {
            last.set(value);
            return value;
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

    @Test
    void scalingInAValueWithoutMergeFailsAndSaysWhatToDo() throws Exception {
        Rescaler<Long, Long> rescaler = new Rescaler<>(() -> new StreamMap<>(new Unmergeable()));
        var three = rescaler.start(3);
        for (int i = 0; i < 3; i++) {
            three.get(i).processElement((long) i, 0);
        }
        // Scaling out works: new instances start from the initial value.
        var four = rescaler.rescaleTo(4);
        assertThat(four).hasSize(4);
        // Four now: the instance that started from the initial value wrote it, too.
        assertThatThrownBy(() -> rescaler.rescaleTo(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CheckpointedValue 'last' received 4 values on restore")
                .hasMessageContaining("the job was scaled in")
                .hasMessageContaining("merge function");
    }

    /** One list whose redistribution is chosen by the job's author. */
    static class Listing extends RichMapFunction<Long, Long> implements CheckpointedFunction {
        final OperatorStates states = new OperatorStates();
        final CheckpointedList<Long> items;

        Listing(Redistribution redistribution) {
            items = states.list("items", Types.LONG, redistribution);
        }

        @Override
        public Long map(Long value) {
            items.add(value);
            return value;
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

    @Test
    void changingTheRedistributionOfAStateIsRefusedByName() throws Exception {
        Rescaler<Long, Long> rescaler =
                new Rescaler<>(() -> new StreamMap<>(new Listing(Redistribution.EVEN_SPLIT)));
        rescaler.start(1).get(0).processElement(1L, 1);
        assertThatThrownBy(
                        () ->
                                rescaler.rescaleTo(
                                        2,
                                        () -> new StreamMap<>(new Listing(Redistribution.UNION))))
                .hasStackTraceContaining(
                        "CheckpointedList 'items' cannot be registered with UNION redistribution")
                .hasStackTraceContaining("give the state a new name");
    }

    @Test
    void usingStateBeforeInitializeStateSaysWhereToCallIt() {
        CheckpointedList<Long> list =
                new OperatorStates().list("x", Types.LONG, Redistribution.UNION);
        assertThat(list.isInitialized()).isFalse();
        assertThatThrownBy(list::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CheckpointedList 'x' is used before it was initialized")
                .hasMessageContaining("CheckpointedFunction#initializeState");
    }

    @Test
    void aNameDeclaredTwiceIsRejected() {
        OperatorStates states = new OperatorStates();
        states.list("buffer", Types.LONG, Redistribution.EVEN_SPLIT);
        assertThatThrownBy(
                        () -> states.value("buffer", Types.LONG, Redistribution.UNION, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'buffer' is declared twice");
    }
}
