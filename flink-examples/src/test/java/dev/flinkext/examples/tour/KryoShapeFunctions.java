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

import dev.flinkext.examples.tour.KryoShapeTypes.ArrayListPojo;
import dev.flinkext.examples.tour.KryoShapeTypes.Bag;
import dev.flinkext.examples.tour.KryoShapeTypes.KryoKey;
import dev.flinkext.examples.tour.KryoShapeTypes.ListPojo;
import dev.flinkext.examples.tour.KryoShapesJob.Shape;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static dev.flinkext.examples.tour.KryoShapesJob.KEYS;
import static dev.flinkext.examples.tour.KryoShapesJob.RECORDS;
import static dev.flinkext.examples.tour.KryoShapesJob.recent;

/**
 * The operators of {@link KryoShapesJob}, one per {@link Shape}. Each one checks, on every record,
 * that its state holds what the numbers before the record left there (a read that throws counts as
 * wrong too), then writes what the state must hold after the record, not what it read: a wrong
 * value is counted once and does not spread. The counts go to accumulators when the operator closes
 * ({@link Tally}).
 */
final class KryoShapeFunctions {

    private KryoShapeFunctions() {}

    /**
     * Per shape: the units (keys or elements) that the savepoint held, which of them came back
     * wrong, and samples. A unit counts as held when the first check of it after the restore
     * expects something (a key with no numbers before the savepoint expects nothing, and its state
     * is new); a unit that comes back where nothing was expected counts as wrong.
     */
    static final class Tally {
        private static final int SAMPLES = 3;

        private final Shape shape;
        private final RuntimeContext context;
        private final Set<Object> checked = new HashSet<>();
        private final Set<Object> held = new HashSet<>();
        private final Set<Object> wrong = new HashSet<>();
        private final List<String> samples = new ArrayList<>();
        private final Map<String, Integer> sampled = new HashMap<>();

        Tally(Shape shape, RuntimeContext context) {
            this.shape = shape;
            this.context = context;
        }

        /** Checks one unit: wrong when {@code actual} is not {@code expected}. */
        void check(Object unit, Object expected, Object actual) {
            check(unit, "", expected, actual);
        }

        /**
         * Checks {@code what} of one unit (one of several things checked per unit): wrong when
         * {@code actual} is not {@code expected}. Each {@code what} keeps samples of its own.
         */
        void check(Object unit, String what, Object expected, Object actual) {
            if (checked.add(unit) && !isEmpty(expected)) {
                held.add(unit);
            }
            if (!Objects.equals(expected, actual)) {
                wrong.add(unit);
                if (sampled.merge(what, 1, Integer::sum) <= SAMPLES) {
                    samples.add(
                            unit + what + ": expected " + expected + ", came back as " + actual);
                }
            }
        }

        private static boolean isEmpty(Object state) {
            return state == null
                    || state instanceof Collection && ((Collection<?>) state).isEmpty()
                    || state instanceof Map && ((Map<?, ?>) state).isEmpty();
        }

        /** Adds the counts to the job's accumulators (none when the function never opened). */
        static void report(Tally tally) {
            if (tally != null) {
                tally.report();
            }
        }

        private void report() {
            Set<Object> exact = new HashSet<>(held);
            exact.removeAll(wrong);
            context.getIntCounter(shape.uid + "-exact").add(exact.size());
            context.getIntCounter(shape.uid + "-wrong").add(wrong.size());
            context.getIntCounter(shape.uid + "-expected").add(held.size());
            ListAccumulator<String> accumulator = new ListAccumulator<>();
            samples.forEach(accumulator::add);
            context.addAccumulator(shape.uid + "-samples", accumulator);
        }

        /** What {@code shape} reported in the job that ended with {@code result}. */
        static ShapeResult result(JobExecutionResult result, Shape shape) {
            List<String> samples = result.getAccumulatorResult(shape.uid + "-samples");
            return new ShapeResult(
                    count(result, shape.uid + "-exact"),
                    count(result, shape.uid + "-wrong"),
                    count(result, shape.uid + "-expected"),
                    samples == null ? List.of() : List.copyOf(samples));
        }

        private static int count(JobExecutionResult result, String name) {
            Integer count = result.getAccumulatorResult(name);
            return count == null ? 0 : count;
        }
    }

    /** A read of state that may throw. */
    @FunctionalInterface
    interface StateRead {
        Object read() throws Exception;
    }

    /** The value read, or a description of the read's failure (which no expected value equals). */
    static Object read(StateRead read) {
        try {
            return read.read();
        } catch (Exception e) {
            return "a failed read: " + e;
        }
    }

    private static TypeInformation<Bag> bagType() {
        TypeInformation<Bag> type = TypeInformation.of(Bag.class);
        if (!(type instanceof GenericTypeInfo)) {
            throw new IllegalStateException("Bag must be a generic (Kryo) type: " + type);
        }
        return type;
    }

    private static List<Bag> bags(List<Long> numbers) {
        List<Bag> bags = new ArrayList<>();
        numbers.forEach(number -> bags.add(Bag.of(number)));
        return bags;
    }

    private static <T> List<T> copy(Iterable<T> elements) {
        List<T> copy = new ArrayList<>();
        if (elements != null) {
            elements.forEach(copy::add);
        }
        return copy;
    }

    /** A keyed {@code ValueState} of a POJO: label, the key's last three numbers, its count. */
    abstract static class PojoCheck<T> extends KeyedProcessFunction<Long, Long, Void> {
        private final Shape shape;
        private final Class<T> pojo;
        private transient ValueState<T> state;
        private transient Tally tally;

        PojoCheck(Shape shape, Class<T> pojo) {
            this.shape = shape;
            this.pojo = pojo;
        }

        /** The state of {@code number}'s key before it: null before the key's first number. */
        abstract T expected(long number);

        /** The type Flink gives the POJO's {@code recent} field on this Flink line. */
        abstract void checkRecentField(TypeInformation<?> type);

        @Override
        public void open(OpenContext openContext) {
            TypeInformation<T> type = TypeInformation.of(pojo);
            if (!(type instanceof PojoTypeInfo)) {
                throw new IllegalStateException(pojo + " must be a POJO: " + type);
            }
            PojoTypeInfo<T> pojoType = (PojoTypeInfo<T>) type;
            checkRecentField(pojoType.getTypeAt(pojoType.getFieldIndex("recent")));
            state = getRuntimeContext().getState(new ValueStateDescriptor<>(shape.uid, type));
            tally = new Tally(shape, getRuntimeContext());
        }

        @Override
        public void processElement(Long number, Context ctx, Collector<Void> out) throws Exception {
            tally.check(ctx.getCurrentKey(), expected(number), read(state::value));
            state.update(expected(number + KEYS));
        }

        @Override
        public void close() {
            Tally.report(tally);
        }
    }

    /** {@link Shape#POJO_LIST}. */
    static final class PojoListCheck extends PojoCheck<ListPojo> {
        PojoListCheck() {
            super(Shape.POJO_LIST, ListPojo.class);
        }

        @Override
        ListPojo expected(long number) {
            if (number < KEYS) {
                return null;
            }
            ListPojo pojo = new ListPojo();
            pojo.label = "key-" + number % KEYS;
            pojo.recent = recent(number);
            pojo.count = number / KEYS;
            return pojo;
        }

        @Override
        void checkRecentField(TypeInformation<?> type) {
            // FLIP-398: Flink 2.x types a field declared List<Long> itself, 1.x with Kryo.
            if (EnvironmentInformation.getVersion().startsWith("1.")
                    && !(type instanceof GenericTypeInfo)) {
                throw new IllegalStateException("List<Long> must be Kryo on Flink 1.x: " + type);
            }
        }
    }

    /** {@link Shape#POJO_ARRAY_LIST}. */
    static final class PojoArrayListCheck extends PojoCheck<ArrayListPojo> {
        PojoArrayListCheck() {
            super(Shape.POJO_ARRAY_LIST, ArrayListPojo.class);
        }

        @Override
        ArrayListPojo expected(long number) {
            if (number < KEYS) {
                return null;
            }
            ArrayListPojo pojo = new ArrayListPojo();
            pojo.label = "key-" + number % KEYS;
            pojo.recent = new ArrayList<>(recent(number));
            pojo.count = number / KEYS;
            return pojo;
        }

        @Override
        void checkRecentField(TypeInformation<?> type) {
            if (!(type instanceof GenericTypeInfo)) {
                throw new IllegalStateException("ArrayList<Long> must be Kryo: " + type);
            }
        }
    }

    /** {@link Shape#MAP_STATE}: the key's last three numbers, each to its {@link Bag}. */
    static final class MapStateCheck extends KeyedProcessFunction<Long, Long, Void> {
        private transient MapState<Long, Bag> state;
        private transient Tally tally;

        @Override
        public void open(OpenContext openContext) {
            state =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>(
                                            Shape.MAP_STATE.uid, Types.LONG, bagType()));
            tally = new Tally(Shape.MAP_STATE, getRuntimeContext());
        }

        @Override
        public void processElement(Long number, Context ctx, Collector<Void> out) throws Exception {
            tally.check(
                    ctx.getCurrentKey(),
                    entries(number),
                    read(
                            () -> {
                                Map<Long, Bag> read = new TreeMap<>();
                                for (Map.Entry<Long, Bag> entry : state.entries()) {
                                    read.put(entry.getKey(), entry.getValue());
                                }
                                return read;
                            }));
            state.clear();
            state.putAll(entries(number + KEYS));
        }

        private static Map<Long, Bag> entries(long number) {
            Map<Long, Bag> entries = new TreeMap<>();
            recent(number).forEach(before -> entries.put(before, Bag.of(before)));
            return entries;
        }

        @Override
        public void close() {
            Tally.report(tally);
        }
    }

    /** {@link Shape#LIST_STATE}: the {@link Bag}s of the key's last three numbers. */
    static final class ListStateCheck extends KeyedProcessFunction<Long, Long, Void> {
        private transient ListState<Bag> state;
        private transient Tally tally;

        @Override
        public void open(OpenContext openContext) {
            state =
                    getRuntimeContext()
                            .getListState(
                                    new ListStateDescriptor<>(Shape.LIST_STATE.uid, bagType()));
            tally = new Tally(Shape.LIST_STATE, getRuntimeContext());
        }

        @Override
        public void processElement(Long number, Context ctx, Collector<Void> out) throws Exception {
            tally.check(ctx.getCurrentKey(), bags(recent(number)), read(() -> copy(state.get())));
            state.update(bags(recent(number + KEYS)));
        }

        @Override
        public void close() {
            Tally.report(tally);
        }
    }

    /**
     * {@link Shape#KRYO_KEY_TIMERS}: keyed by a {@link KryoKey}, each number counted in a {@code
     * Long} state and an event-time timer {@link #DELAY} after it. A timer must fire for the key of
     * its number, after the key's previous timer (a {@code Long} state), and each key's last timer
     * must fire before the end.
     */
    static final class TimerCheck extends KeyedProcessFunction<KryoKey, Long, Void> {
        /** Event time (the numbers) from a number to its timer. */
        static final long DELAY = 10L * KEYS;

        private transient ValueState<Long> count;
        private transient ValueState<Long> fired;
        private transient Map<Long, Long> lastFired;
        private transient Tally tally;

        @Override
        public void open(OpenContext openContext) {
            if (!(TypeInformation.of(KryoKey.class) instanceof GenericTypeInfo)) {
                throw new IllegalStateException("KryoKey must be a generic (Kryo) type");
            }
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            fired = getRuntimeContext().getState(new ValueStateDescriptor<>("fired", Types.LONG));
            lastFired = new HashMap<>();
            tally = new Tally(Shape.KRYO_KEY_TIMERS, getRuntimeContext());
        }

        @Override
        public void processElement(Long number, Context ctx, Collector<Void> out) throws Exception {
            long key = number % KEYS;
            tally.check(key, " count", number < KEYS ? null : number / KEYS, read(count::value));
            count.update(number / KEYS + 1);
            ctx.timerService().registerEventTimeTimer(number + DELAY);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Void> out)
                throws Exception {
            long number = timestamp - DELAY;
            long key = number % KEYS;
            tally.check(key, " timer's key", KryoKey.of(number), ctx.getCurrentKey());
            tally.check(
                    key,
                    " previous timer",
                    number < KEYS ? null : timestamp - KEYS,
                    read(fired::value));
            fired.update(timestamp);
            lastFired.put(key, timestamp);
        }

        @Override
        public void close() {
            if (tally != null) {
                for (long key = 0; key < KEYS; key++) {
                    tally.check(
                            key, " last timer", RECORDS - KEYS + key + DELAY, lastFired.get(key));
                }
            }
            Tally.report(tally);
        }
    }

    /**
     * {@link Shape#OPERATOR_LIST} and {@link Shape#UNION_LIST}: a non-keyed function whose operator
     * state is the {@link Bag}s of the last {@link #KEPT} numbers; the first number after a restore
     * checks each element restored.
     */
    static final class OperatorStateCheck extends RichFlatMapFunction<Long, Void>
            implements CheckpointedFunction {
        private static final int KEPT = 5;

        private final Shape shape;
        private transient ListState<Bag> state;
        private transient List<Long> recent;
        private transient List<?> restored;
        private transient Tally tally;

        OperatorStateCheck(Shape shape) {
            this.shape = shape;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            ListStateDescriptor<Bag> descriptor = new ListStateDescriptor<>(shape.uid, bagType());
            state =
                    shape == Shape.UNION_LIST
                            ? context.getOperatorStateStore().getUnionListState(descriptor)
                            : context.getOperatorStateStore().getListState(descriptor);
            recent = new ArrayList<>();
            if (context.isRestored()) {
                Object read = read(() -> copy(state.get()));
                restored = read instanceof List ? (List<?>) read : List.of(read);
            }
        }

        @Override
        public void open(OpenContext openContext) {
            tally = new Tally(shape, getRuntimeContext());
        }

        @Override
        public void flatMap(Long number, Collector<Void> out) {
            if (restored != null) {
                recent.clear();
                for (long before = Math.max(0, number - KEPT); before < number; before++) {
                    recent.add(before);
                }
                List<Bag> expected = bags(recent);
                for (int i = 0; i < Math.max(expected.size(), restored.size()); i++) {
                    tally.check(
                            "element " + i,
                            i < expected.size() ? expected.get(i) : null,
                            i < restored.size() ? restored.get(i) : null);
                }
                restored = null;
            }
            recent.add(number);
            if (recent.size() > KEPT) {
                recent.remove(0);
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            state.update(bags(recent));
        }

        @Override
        public void close() {
            Tally.report(tally);
        }
    }

    /**
     * {@link Shape#BROADCAST}: the broadcast side keeps, per key, a {@link Bag} of how many numbers
     * the key had; the other side reads nothing (its order against the broadcast side is not
     * fixed).
     */
    static final class BroadcastCheck extends BroadcastProcessFunction<Long, Long, Void> {
        static final MapStateDescriptor<Long, Bag> STATE =
                new MapStateDescriptor<>(Shape.BROADCAST.uid, Types.LONG, bagType());

        private transient Tally tally;

        @Override
        public void open(OpenContext openContext) {
            tally = new Tally(Shape.BROADCAST, getRuntimeContext());
        }

        @Override
        public void processElement(Long number, ReadOnlyContext ctx, Collector<Void> out) {}

        @Override
        public void processBroadcastElement(Long number, Context ctx, Collector<Void> out)
                throws Exception {
            BroadcastState<Long, Bag> state = ctx.getBroadcastState(STATE);
            long key = number % KEYS;
            tally.check(
                    key,
                    number < KEYS ? null : Bag.counted(key, number / KEYS),
                    read(() -> state.get(key)));
            state.put(key, Bag.counted(key, number / KEYS + 1));
        }

        @Override
        public void close() {
            Tally.report(tally);
        }
    }
}
