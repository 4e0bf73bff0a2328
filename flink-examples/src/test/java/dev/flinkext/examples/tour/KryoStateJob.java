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

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A job whose keyed state Flink serializes with Kryo (a class that is no POJO, so a {@link
 * GenericTypeInfo}), for {@code CrossVersionRestoreITCase}: Flink 2.0 replaced Kryo 2 with Kryo 5.
 * {@link #RECORDS} numbers over {@link #KEYS} keys at 1,000 a second; each key's state counts its
 * numbers, and the job fails when a key counts more than it has (a record counted twice) or its
 * state comes back as another key's. {@link #savepoint} takes a canonical savepoint after the first
 * checkpoint and cancels; {@link #restore} runs the rest from it and returns how many keys counted
 * all their numbers (all of them, when the state crossed the savepoint exactly).
 */
final class KryoStateJob {

    static final long RECORDS = 4_000;
    static final int KEYS = 50;
    private static final String COMPLETE = "kryo-state-keys-complete";

    private KryoStateJob() {}

    /**
     * Takes a canonical savepoint of the job under {@code backend} and returns its path. Under
     * RocksDB the snapshot is compressed (Snappy: keyed state's key groups and each operator state
     * element), so that both variants of the canonical format cross the upgrade.
     */
    static String savepoint(MiniCluster cluster, String backend, String dir) throws Exception {
        Configuration conf = configuration(backend, dir);
        if (backend.equals("rocksdb")) {
            // The key of both lines (1.20's ExecutionOptions, 2.x's CheckpointingOptions).
            conf.setString("execution.checkpointing.snapshot-compression", "true");
        }
        return savepoint(cluster, jobGraph(conf), dir);
    }

    /**
     * Runs {@code job} until its first checkpoint completed, then takes a canonical savepoint under
     * {@code dir}, cancels the job and returns the savepoint's path ({@link KryoShapesJob} too).
     */
    static String savepoint(MiniCluster cluster, JobGraph job, String dir) throws Exception {
        JobID id = cluster.submitJob(job).get().getJobID();
        while (completedCheckpoints(cluster, id) < 1) {
            if (cluster.getJobStatus(id).get().isTerminalState()) {
                throw new IllegalStateException(
                        "the job " + job.getName() + " ended before its first checkpoint");
            }
            Thread.sleep(20);
        }
        String path =
                cluster.triggerSavepoint(
                                id, dir + "/savepoints", true, SavepointFormatType.CANONICAL)
                        .get();
        cluster.requestJobResult(id).get();
        return path;
    }

    /**
     * Runs the job under {@code backend} from the savepoint at {@code path} to its end and returns
     * the number of keys that counted all their records, or throws the job's failure.
     */
    static int restore(MiniCluster cluster, String backend, String dir, String path)
            throws Exception {
        Configuration conf = configuration(backend, dir);
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        JobID id = cluster.submitJob(jobGraph(conf)).get().getJobID();
        JobResult result = cluster.requestJobResult(id).get();
        Integer complete =
                result.toJobExecutionResult(KryoStateJob.class.getClassLoader())
                        .getAccumulatorResult(COMPLETE);
        return complete == null ? 0 : complete;
    }

    /**
     * The configuration of a run under {@code backend} ({@code hashmap}, {@code rocksdb}) with
     * checkpoints under {@code dir} every 200 ms and no restarts ({@link KryoShapesJob} too). Under
     * RocksDB, snapshots compress their key groups (Snappy), so that the savepoints of both
     * formats' variants cross the upgrade.
     */
    static Configuration configuration(String backend, String dir) {
        Configuration conf = new Configuration();
        if (backend.equals("rocksdb")) {
            // The key of both lines (1.20's ExecutionOptions, 2.x's CheckpointingOptions).
            conf.setString("execution.checkpointing.snapshot-compression", "true");
        }
        conf.setString(StateBackendOptions.STATE_BACKEND.key(), backend);
        conf.setString(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), dir);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    private static long completedCheckpoints(MiniCluster cluster, JobID id) throws Exception {
        return cluster.getArchivedExecutionGraph(id)
                .get()
                .getCheckpointStatsSnapshot()
                .getCounts()
                .getNumberOfCompletedCheckpoints();
    }

    private static JobGraph jobGraph(Configuration conf) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i, RECORDS, RateLimiterStrategy.perSecond(1_000), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .uid("numbers")
                .keyBy(v -> v % KEYS, Types.LONG)
                .process(new Count(), Types.VOID)
                .uid("kryo-state")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        return JobGraphs.of(env, conf);
    }

    /**
     * No default constructor and final fields: Flink serializes it with Kryo (its fields with
     * Kryo's own serializers for strings, longs and an {@code ArrayList}).
     */
    static final class Holder {
        final String label;
        final List<Long> recent = new ArrayList<>();
        long count;

        Holder(String label) {
            this.label = label;
        }
    }

    private static final class Count extends KeyedProcessFunction<Long, Long, Void> {

        private transient ValueState<Holder> holder;
        private transient IntCounter complete;

        @Override
        public void open(OpenContext openContext) {
            TypeInformation<Holder> type = TypeInformation.of(Holder.class);
            if (!(type instanceof GenericTypeInfo)) {
                throw new IllegalStateException("Holder must be a generic (Kryo) type: " + type);
            }
            holder = getRuntimeContext().getState(new ValueStateDescriptor<>("holder", type));
            complete = getRuntimeContext().getIntCounter(COMPLETE);
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Void> out) throws Exception {
            String label = "key-" + ctx.getCurrentKey();
            Holder state = holder.value();
            if (state == null) {
                state = new Holder(label);
            } else if (!state.label.equals(label)
                    || state.recent.isEmpty()
                    || state.recent.stream().anyMatch(v -> v % KEYS != ctx.getCurrentKey())) {
                throw new IllegalStateException(
                        "the Kryo state of "
                                + label
                                + " came back as "
                                + state.label
                                + " with recent values "
                                + state.recent);
            }
            state.count++;
            state.recent.add(value);
            if (state.recent.size() > 3) {
                state.recent.remove(0);
            }
            long all = RECORDS / KEYS;
            if (state.count > all) {
                throw new IllegalStateException(
                        label + " counted " + state.count + " of its " + all + " records");
            }
            if (state.count == all) {
                complete.add(1);
            }
            holder.update(state);
        }
    }
}
