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
package dev.flinkext.benchmarks;

import dev.flinkext.checkpoint.tiered.archive.TieredCheckpointStats;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of the checkpoint storage benchmark's job on a fresh MiniCluster: heap state, every
 * record rewriting its key's value with fresh random bytes, checkpoints every 500 ms with a 200 ms
 * pause; the checkpoints measured are those that start once every key holds its value.
 */
final class CheckpointRun {

    /** Max parallelism of the job: what the key table is computed for. */
    static final int MAX_PARALLELISM = 128;

    /**
     * The job's shape: {@code keysPerTask} keys land on each of the {@code parallelism} keyed
     * tasks, whose values are {@code valueBytes[task]} bytes each.
     */
    record Shape(int parallelism, int keysPerTask, int[] valueBytes, double rate) {
        /** One task holding {@code keys} keys of {@code valueBytes} bytes. */
        static Shape single(long keys, int valueBytes, double rate) {
            return new Shape(1, Math.toIntExact(keys), new int[] {valueBytes}, rate);
        }

        long stateBytes() {
            long total = 0;
            for (int bytes : valueBytes) {
                total += (long) bytes * keysPerTask;
            }
            return total;
        }
    }

    /** What one run measured. */
    record Result(
            JobID jobId,
            List<Long> durations,
            List<Long> checkpointIds,
            long bytesWritten,
            long stateSize,
            long archives,
            String failure) {}

    private CheckpointRun() {}

    /**
     * Runs the job with {@code storage} until {@code checkpoints} checkpoints were measured (or the
     * job ended), then cancels it and closes the cluster. {@code clusterConf} is added to the
     * cluster's configuration (e.g. the {@code s3.*} keys).
     */
    static Result run(
            CheckpointStorage storage, Shape shape, int checkpoints, Configuration clusterConf)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(16));
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
        // Any free REST port: another Flink on this machine must not stop this one.
        conf.set(RestOptions.BIND_PORT, "0");
        conf.addAll(clusterConf);
        List<Long> durations = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        long written = 0;
        long stateSize = 0;
        long archives = 0;
        String failure = null;
        JobID id;
        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(shape.parallelism())
                                .build())) {
            cluster.start();
            id =
                    cluster.submitJob(job(storage, shape).getStreamGraph().getJobGraph())
                            .get()
                            .getJobID();
            long firstMeasured = -1;
            long writtenAtStart = 0;
            while (true) {
                Thread.sleep(100);
                AccessExecutionGraph graph = cluster.getExecutionGraph(id).get();
                if (graph.getState().isGloballyTerminalState()) {
                    failure = failureOf(graph);
                    break;
                }
                var history = graph.getCheckpointStatsSnapshot().getHistory().getCheckpoints();
                if (firstMeasured < 0) {
                    for (AbstractCheckpointStats stats : history) {
                        if (stats.getStatus() == CheckpointStatsStatus.COMPLETED
                                && stats.getStateSize() >= shape.stateBytes()) {
                            firstMeasured = stats.getCheckpointId() + 1;
                            writtenAtStart = CheckpointStorageBenchmark.writtenBytes();
                        }
                    }
                    continue;
                }
                List<AbstractCheckpointStats> done = new ArrayList<>();
                for (AbstractCheckpointStats stats : history) {
                    if (stats.getCheckpointId() >= firstMeasured
                            && stats.getStatus() == CheckpointStatsStatus.COMPLETED) {
                        done.add(stats);
                    }
                }
                if (done.size() >= checkpoints) {
                    written = CheckpointStorageBenchmark.writtenBytes() - writtenAtStart;
                    done.sort((a, b) -> Long.compare(a.getCheckpointId(), b.getCheckpointId()));
                    for (AbstractCheckpointStats stats : done) {
                        durations.add(stats.getEndToEndDuration());
                        ids.add(stats.getCheckpointId());
                        stateSize = stats.getStateSize();
                    }
                    archives =
                            TieredCheckpointStats.of(id)
                                    .map(TieredCheckpointStats::getArchivesCompleted)
                                    .orElse(0L);
                    break;
                }
            }
            if (!cluster.getExecutionGraph(id).get().getState().isGloballyTerminalState()) {
                cluster.cancelJob(id).get();
            }
            cluster.requestJobResult(id).get();
        }
        return new Result(id, durations, ids, written, stateSize, archives, failure);
    }

    private static StreamExecutionEnvironment job(CheckpointStorage storage, Shape shape) {
        Configuration jobConf = new Configuration();
        jobConf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        jobConf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        jobConf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofMillis(200));
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(jobConf);
        env.setParallelism(shape.parallelism());
        env.setMaxParallelism(MAX_PARALLELISM);
        env.setStateBackend(new HashMapStateBackend());
        env.getCheckpointConfig().setCheckpointStorage(storage);
        long[] keys = keys(shape.parallelism(), shape.keysPerTask());
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i,
                                Long.MAX_VALUE,
                                RateLimiterStrategy.perSecond(shape.rate()),
                                Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "records")
                .keyBy(i -> keys[(int) (i % keys.length)], Types.LONG)
                .process(new Rewrite(shape.valueBytes()), Types.LONG)
                .sinkTo(new DiscardingSink<>());
        return env;
    }

    /**
     * {@code keysPerTask} keys for each of {@code parallelism} tasks, the smallest non-negative
     * longs that Flink's key group assignment gives each task, interleaved task by task (so that
     * consecutive records go to different tasks). For one task: {@code 0..keysPerTask-1}.
     */
    static long[] keys(int parallelism, int keysPerTask) {
        long[][] perTask = new long[parallelism][keysPerTask];
        int[] filled = new int[parallelism];
        int complete = 0;
        for (long key = 0; complete < parallelism; key++) {
            int task =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            key, MAX_PARALLELISM, parallelism);
            if (filled[task] < keysPerTask) {
                perTask[task][filled[task]++] = key;
                if (filled[task] == keysPerTask) {
                    complete++;
                }
            }
        }
        long[] keys = new long[parallelism * keysPerTask];
        for (int j = 0; j < keysPerTask; j++) {
            for (int task = 0; task < parallelism; task++) {
                keys[j * parallelism + task] = perTask[task][j];
            }
        }
        return keys;
    }

    private static String failureOf(AccessExecutionGraph graph) {
        return graph.getState() == JobStatus.FAILED && graph.getFailureInfo() != null
                ? graph.getFailureInfo().getExceptionAsString().lines().findFirst().orElse("")
                : graph.getState().name();
    }

    /** Rewrites its key's value with fresh random bytes (its task's value size) on every record. */
    static final class Rewrite extends KeyedProcessFunction<Long, Long, Long> {
        private final int[] bytes;
        private transient int taskBytes;
        private transient ValueState<byte[]> value;
        private transient SplittableRandom random;

        Rewrite(int[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void open(OpenContext openContext) {
            int task = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            taskBytes = bytes[task];
            value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", byte[].class));
            random = new SplittableRandom(task);
        }

        @Override
        public void processElement(Long record, Context ctx, Collector<Long> out) throws Exception {
            byte[] fresh = new byte[taskBytes];
            random.nextBytes(fresh);
            value.update(fresh);
        }
    }
}
