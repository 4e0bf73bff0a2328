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
package dev.flinkext.tools.testing;

import dev.flinkext.testing.counting.ExactCounts;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.AggregatingState;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ReducingState;
import org.apache.flink.api.common.state.ReducingStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job with every kind of state the tools name, all with known names: keyed value {@code count},
 * list {@code recent}, map {@code buckets}, reducing {@code sum}, aggregating {@code average} and
 * processing-time timers in operator {@code zoo}, which also holds broadcast state {@code rules};
 * operator list state {@code pending} and union state {@code seen} in operator {@code buffer}; the
 * source's own split state and enumerator. Chaining is off, so each operator is a job vertex and
 * Flink's per-vertex checkpoint statistics are per operator.
 *
 * <p>It counts numbers 0..n-1 per key (number mod keys); after a restore every key's last count is
 * exactly n / keys only if the restored state and source position belong together. Counts are kept
 * per run name in this JVM (the MiniCluster's).
 */
public final class StateZooJob {

    /** Uids of the job's operators, in the order of the pipeline. */
    public static final List<String> UIDS =
            List.of("numbers", "buffer", "zoo", "report", "discard");

    private final String run;
    private final long records;
    private final int keys;
    private final double rate;
    private final ExactCounts counts;
    private final Configuration conf = new Configuration();
    private final List<URL> userClasspath = new ArrayList<>();
    private String userType;
    private boolean kryoStates;

    public StateZooJob(String run, long records, int keys, double rate, Path checkpoints) {
        this(run, records, keys, rate, checkpoints.toUri().toString());
    }

    /** A job checkpointing under {@code checkpoints}, a URI on any Flink filesystem. */
    public StateZooJob(String run, long records, int keys, double rate, String checkpoints) {
        this.run = run;
        this.records = records;
        this.keys = keys;
        this.rate = rate;
        this.counts = ExactCounts.start(run, records, keys);
        conf.addAll(JobConfigurations.checkpointed(checkpoints));
    }

    /** {@code hashmap}, {@code rocksdb} (full checkpoints) or {@code rocksdb-incremental}. */
    public StateZooJob backend(String backend) {
        JobConfigurations.backend(conf, backend);
        return this;
    }

    public StateZooJob set(Configuration more) {
        conf.addAll(more);
        return this;
    }

    /**
     * Adds keyed value state {@code user} in operator {@code zoo} whose type is {@code className},
     * a POJO found only in {@code classes} (the job's own classpath, not the test's): its
     * serializer snapshot names the class.
     */
    public StateZooJob withUserType(Path classes, String className) throws Exception {
        userClasspath.add(classes.toUri().toURL());
        userType = className;
        return this;
    }

    /**
     * Adds keyed states whose values Flink 1.x serializes with Kryo, in operator {@code zoo}: value
     * {@code kryo-value}, list {@code kryo-list} and map {@code kryo-map} of {@link
     * KryoTypes.Holder}, and value {@code pojo-list} of {@link KryoTypes.Measure}, a POJO whose
     * {@code List<Long>} field Flink 1.x gives to Kryo and Flink 2.x types with its list serializer
     * (for {@code flinkext upgrade}).
     */
    public StateZooJob withKryoStates() {
        kryoStates = true;
        return this;
    }

    /**
     * How a restore treats the snapshot's files (Flink's restore modes, named alike on both lines).
     */
    public enum Claim {
        /** The job takes the snapshot's files over and deletes them once subsumed. */
        CLAIM,
        /** The job leaves the snapshot's files alone. */
        NO_CLAIM
    }

    public StateZooJob restoreFrom(String path, Claim claim) {
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        RecoveryModes.set(conf, claim == Claim.CLAIM);
        return this;
    }

    public JobID submit(MiniCluster cluster) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(2);
        env.disableOperatorChaining();
        DataStream<Long> numbers =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        i -> i,
                                        records,
                                        RateLimiterStrategy.perSecond(rate),
                                        Types.LONG),
                                WatermarkStrategy.noWatermarks(),
                                "numbers")
                        .uid("numbers");
        BroadcastStream<Long> rules = numbers.broadcast(Zoo.RULES);
        int keyCount = keys;
        numbers.map(new Buffer())
                .uid("buffer")
                .keyBy(i -> i % keyCount, Types.LONG)
                .connect(rules)
                .process(new Zoo(userType, kryoStates), Types.TUPLE(Types.LONG, Types.LONG))
                .uid("zoo")
                .map(counts.report(), Types.TUPLE(Types.LONG, Types.LONG))
                .uid("report")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        JobGraph graph = env.getStreamGraph().getJobGraph();
        graph.setClasspaths(userClasspath);
        return cluster.submitJob(graph).get().getJobID();
    }

    /** Records this run's jobs processed (since a restore, not counting restored progress). */
    public long counted() {
        return counts.reported();
    }

    public int keys() {
        return keys;
    }

    /** Keys whose last count is not exactly records / keys, with their counts. */
    public Map<Long, Long> wrongCounts() {
        return counts.wrongCounts();
    }

    /** Operator list state {@code pending} (the last values) and union state {@code seen}. */
    static final class Buffer implements MapFunction<Long, Long>, CheckpointedFunction {
        private final List<Long> last = new ArrayList<>();
        private long seen;
        private transient ListState<Long> pending;
        private transient ListState<Long> seenUnion;

        @Override
        public Long map(Long value) {
            seen++;
            last.add(value);
            if (last.size() > 20) {
                last.remove(0);
            }
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            pending.update(last);
            seenUnion.update(List.of(seen));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            pending =
                    context.getOperatorStateStore()
                            .getListState(new ListStateDescriptor<>("pending", Types.LONG));
            seenUnion =
                    context.getOperatorStateStore()
                            .getUnionListState(new ListStateDescriptor<>("seen", Types.LONG));
            for (Long value : pending.get()) {
                last.add(value);
            }
        }
    }

    /** Every kind of keyed state, timers and broadcast state {@code rules}. */
    static final class Zoo
            extends KeyedBroadcastProcessFunction<Long, Long, Long, Tuple2<Long, Long>> {
        static final MapStateDescriptor<Long, Long> RULES =
                new MapStateDescriptor<>("rules", Types.LONG, Types.LONG);

        private transient ValueState<Long> count;
        private transient ListState<Long> recent;
        private transient MapState<Long, Long> buckets;
        private transient ReducingState<Long> sum;
        private transient AggregatingState<Long, Double> average;
        private final String userType;
        private transient Class<?> userClass;
        private transient ValueState<Object> user;
        private final boolean kryoStates;
        private transient KryoTypes.States kryo;

        Zoo(String userType, boolean kryoStates) {
            this.userType = userType;
            this.kryoStates = kryoStates;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void open(OpenContext openContext) throws Exception {
            if (userType != null) {
                userClass =
                        Class.forName(userType, true, getRuntimeContext().getUserCodeClassLoader());
                user =
                        getRuntimeContext()
                                .getState(
                                        new ValueStateDescriptor(
                                                "user", TypeInformation.of(userClass)));
            }
            if (kryoStates) {
                kryo = new KryoTypes.States(getRuntimeContext());
            }
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            recent =
                    getRuntimeContext()
                            .getListState(new ListStateDescriptor<>("recent", Types.LONG));
            buckets =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>("buckets", Types.LONG, Types.LONG));
            sum =
                    getRuntimeContext()
                            .getReducingState(
                                    new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
            average =
                    getRuntimeContext()
                            .getAggregatingState(
                                    new AggregatingStateDescriptor<>(
                                            "average",
                                            new Average(),
                                            Types.TUPLE(Types.LONG, Types.LONG)));
        }

        @Override
        public void processElement(
                Long value, ReadOnlyContext ctx, Collector<Tuple2<Long, Long>> out)
                throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            if (next == 1) {
                ctx.timerService().registerProcessingTimeTimer(Long.MAX_VALUE);
            }
            if (next % 10 == 0) {
                recent.update(List.of(value));
            } else {
                recent.add(value);
            }
            long bucket = value % 7;
            Long inBucket = buckets.get(bucket);
            buckets.put(bucket, inBucket == null ? 1 : inBucket + 1);
            sum.add(value);
            average.add(value);
            if (kryo != null) {
                kryo.update(ctx.getCurrentKey(), value);
            }
            if (user != null && user.value() == null) {
                user.update(userClass.getConstructor().newInstance());
            }
            ReadOnlyBroadcastState<Long, Long> rules = ctx.getBroadcastState(RULES);
            rules.contains(value % 10);
            out.collect(Tuple2.of(ctx.getCurrentKey(), next));
        }

        @Override
        public void processBroadcastElement(
                Long value, Context ctx, Collector<Tuple2<Long, Long>> out) throws Exception {
            BroadcastState<Long, Long> rules = ctx.getBroadcastState(RULES);
            rules.put(value % 10, value);
        }
    }

    /** The mean of the values added. */
    static final class Average implements AggregateFunction<Long, Tuple2<Long, Long>, Double> {
        @Override
        public Tuple2<Long, Long> createAccumulator() {
            return Tuple2.of(0L, 0L);
        }

        @Override
        public Tuple2<Long, Long> add(Long value, Tuple2<Long, Long> accumulator) {
            return Tuple2.of(accumulator.f0 + value, accumulator.f1 + 1);
        }

        @Override
        public Double getResult(Tuple2<Long, Long> accumulator) {
            return accumulator.f1 == 0 ? 0 : (double) accumulator.f0 / accumulator.f1;
        }

        @Override
        public Tuple2<Long, Long> merge(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
            return Tuple2.of(a.f0 + b.f0, a.f1 + b.f1);
        }
    }
}
