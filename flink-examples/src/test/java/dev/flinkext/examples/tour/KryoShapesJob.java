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

import dev.flinkext.examples.tour.KryoShapeFunctions.BroadcastCheck;
import dev.flinkext.examples.tour.KryoShapeFunctions.ListStateCheck;
import dev.flinkext.examples.tour.KryoShapeFunctions.MapStateCheck;
import dev.flinkext.examples.tour.KryoShapeFunctions.OperatorStateCheck;
import dev.flinkext.examples.tour.KryoShapeFunctions.PojoArrayListCheck;
import dev.flinkext.examples.tour.KryoShapeFunctions.PojoListCheck;
import dev.flinkext.examples.tour.KryoShapeFunctions.TimerCheck;
import dev.flinkext.examples.tour.KryoShapeTypes.KryoKey;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Jobs that keep state which Flink 1.20 serializes with Kryo 2, in each shape a job's state can
 * take, for {@code CrossVersionRestoreITCase} (Flink 2.0 replaced Kryo 2 with Kryo 5, and FLIP-398
 * types a POJO's {@code List<Long>} field anew). {@link #RECORDS} numbers over {@link #KEYS} keys:
 * {@link #savepoint} runs them at 1,000 a second, so that its canonical savepoint (after the first
 * checkpoint, then cancel) lands mid-stream; {@link #restore} runs the rest from it at full speed.
 * Each shape's operator checks its own state on every record against what the numbers before it
 * must have left there, writes what it must hold next (so one wrong value is counted once) and
 * counts, per key or per element, what came back exact and what wrong ({@link ShapeResult}): one
 * restore reports every shape of its {@link Job}, and throws only when Flink itself fails it.
 */
final class KryoShapesJob {

    static final long RECORDS = 3_000;
    static final int KEYS = 50;

    private static final int RECORDS_PER_SECOND = 1_000;

    /** A shape of state; its operator's uid and the prefix of its accumulators are {@link #uid}. */
    enum Shape {
        /** Keyed {@code ValueState} of a POJO with a field declared {@code List<Long>}. */
        POJO_LIST("pojo-list"),
        /** Keyed {@code ValueState} of a POJO with a field declared {@code ArrayList<Long>}. */
        POJO_ARRAY_LIST("pojo-array-list"),
        /** Keyed {@code MapState<Long, Bag>}, {@code Bag} a Kryo type holding a list. */
        MAP_STATE("map-state"),
        /** Keyed {@code ListState<Bag>}. */
        LIST_STATE("list-state"),
        /** Keyed by a Kryo type ({@code KryoKey}) with event-time timers per key. */
        KRYO_KEY_TIMERS("kryo-key-timers"),
        /** Operator {@code ListState<Bag>} of a non-keyed function. */
        OPERATOR_LIST("operator-list"),
        /** Operator union {@code ListState<Bag>} of a non-keyed function. */
        UNION_LIST("union-list"),
        /** Broadcast state {@code MapState<Long, Bag>} of a connected broadcast stream. */
        BROADCAST("broadcast");

        final String uid;

        Shape(String uid) {
            this.uid = uid;
        }

        /** The job that holds this shape. */
        Job job() {
            return Stream.of(Job.values())
                    .filter(job -> job.shapes.contains(this))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /**
     * The jobs: the shapes that Flink 2.3 restores without an error, all in one, and each shape
     * whose restore fails on 2.3 (under one backend at least) alone, since its failure would hide
     * the others' results.
     */
    enum Job {
        SHAPES(
                "SHAPES",
                EnumSet.of(
                        Shape.POJO_ARRAY_LIST,
                        Shape.MAP_STATE,
                        Shape.KRYO_KEY_TIMERS,
                        Shape.OPERATOR_LIST,
                        Shape.UNION_LIST)),
        POJO_LIST("POJO-LIST", EnumSet.of(Shape.POJO_LIST)),
        LIST_STATE("LIST-STATE", EnumSet.of(Shape.LIST_STATE)),
        BROADCAST("BROADCAST", EnumSet.of(Shape.BROADCAST));

        /** The job's name in the 1.20 writer's output ({@code SnapshotWriter}). */
        final String label;

        final Set<Shape> shapes;

        Job(String label, Set<Shape> shapes) {
            this.label = label;
            this.shapes = shapes;
        }
    }

    private KryoShapesJob() {}

    /** Takes a canonical savepoint of {@code job} under {@code backend} and returns its path. */
    static String savepoint(MiniCluster cluster, Job job, String backend, String dir)
            throws Exception {
        return KryoStateJob.savepoint(
                cluster,
                jobGraph(
                        job,
                        KryoStateJob.configuration(backend, dir),
                        RateLimiterStrategy.perSecond(RECORDS_PER_SECOND)),
                dir);
    }

    /**
     * Runs {@code job} under {@code backend} from the savepoint at {@code path} to its end and
     * returns what each of its shapes found, or throws the job's failure.
     */
    static Map<Shape, ShapeResult> restore(
            MiniCluster cluster, Job job, String backend, String dir, String path)
            throws Exception {
        Configuration conf = KryoStateJob.configuration(backend, dir);
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        JobExecutionResult result =
                cluster.requestJobResult(
                                cluster.submitJob(jobGraph(job, conf, RateLimiterStrategy.noOp()))
                                        .get()
                                        .getJobID())
                        .get()
                        .toJobExecutionResult(KryoShapesJob.class.getClassLoader());
        Map<Shape, ShapeResult> results = new EnumMap<>(Shape.class);
        for (Shape shape : job.shapes) {
            results.put(shape, KryoShapeFunctions.Tally.result(result, shape));
        }
        return results;
    }

    private static JobGraph jobGraph(Job job, Configuration conf, RateLimiterStrategy rate)
            throws Exception {
        conf.set(PipelineOptions.NAME, "kryo-shapes-" + job.label.toLowerCase());
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<Long> numbers =
                env.fromSource(
                                new DataGeneratorSource<>(i -> i, RECORDS, rate, Types.LONG),
                                // Event time is the number itself, for the timers' shape.
                                WatermarkStrategy.<Long>forMonotonousTimestamps()
                                        .withTimestampAssigner((number, ignored) -> number),
                                "numbers")
                        .uid("numbers");
        for (Shape shape : job.shapes) {
            check(shape, numbers)
                    .uid(shape.uid)
                    .sinkTo(new DiscardingSink<>())
                    .uid(shape.uid + "-discard");
        }
        return JobGraphs.of(env, conf);
    }

    /** The operator that keeps and checks {@code shape}'s state, on {@code numbers}. */
    private static SingleOutputStreamOperator<Void> check(Shape shape, DataStream<Long> numbers) {
        return switch (shape) {
            case POJO_LIST -> byKey(numbers).process(new PojoListCheck(), Types.VOID);
            case POJO_ARRAY_LIST -> byKey(numbers).process(new PojoArrayListCheck(), Types.VOID);
            case MAP_STATE -> byKey(numbers).process(new MapStateCheck(), Types.VOID);
            case LIST_STATE -> byKey(numbers).process(new ListStateCheck(), Types.VOID);
            case KRYO_KEY_TIMERS ->
                    numbers.keyBy(KryoKey::of, TypeInformation.of(KryoKey.class))
                            .process(new TimerCheck(), Types.VOID);
            case OPERATOR_LIST, UNION_LIST ->
                    numbers.flatMap(new OperatorStateCheck(shape), Types.VOID);
            case BROADCAST ->
                    numbers.connect(numbers.broadcast(BroadcastCheck.STATE))
                            .process(new BroadcastCheck(), Types.VOID);
        };
    }

    private static KeyedStream<Long, Long> byKey(DataStream<Long> numbers) {
        return numbers.keyBy(number -> number % KEYS, Types.LONG);
    }

    /** The numbers before {@code number} of its key ({@code number % KEYS}), the last three. */
    static List<Long> recent(long number) {
        List<Long> recent = new ArrayList<>();
        for (long before = number - 3L * KEYS; before < number; before += KEYS) {
            if (before >= 0) {
                recent.add(before);
            }
        }
        return recent;
    }
}
