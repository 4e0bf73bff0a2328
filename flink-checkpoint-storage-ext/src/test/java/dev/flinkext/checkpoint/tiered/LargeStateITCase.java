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
package dev.flinkext.checkpoint.tiered;

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
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State grows past the memory budget to more than 50 MiB: with the tiered storage the job keeps
 * checkpointing and finishes; the same job on {@link JobManagerCheckpointStorage} fails.
 */
// Left to the 1.20 run on the 2.x line (docs/flink-lines.md): it runs code both lines share,
// while the 2.x line's ITCases are the ones through the code that differs (the archive's
// SnapshotCopier adapter: ArchiveITCase, FailingArchiveITCase). It passes on 2.x too.
@Tag("left-to-flink-1.20")
class LargeStateITCase {

    private static final long KEYS = 55_000;
    private static final int VALUE_BYTES = 1024;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(managedMemory())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir static Path checkpoints;

    static Configuration managedMemory() {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(128));
        return conf;
    }

    /** One kilobyte of random bytes per key. */
    static class Hoarding extends KeyedProcessFunction<Long, Long, Long> {
        transient ValueState<byte[]> blob;

        @Override
        public void open(OpenContext openContext) {
            blob = getRuntimeContext().getState(new ValueStateDescriptor<>("blob", byte[].class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            // Random, so that RocksDB's compression cannot shrink the state below the test's size.
            byte[] bytes = new byte[VALUE_BYTES];
            new Random(value).nextBytes(bytes);
            blob.update(bytes);
        }
    }

    /**
     * Runs the job on {@code backend} ({@code hashmap} or full {@code rocksdb}) and {@code storage}
     * (a storage name or factory class), configured by keys as both Flink lines allow.
     */
    private static AccessExecutionGraph run(MiniCluster cluster, String backend, String storage)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, storage);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpoints.resolve(backend).toUri().toString());
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i, KEYS, RateLimiterStrategy.perSecond(25_000), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "keys")
                .keyBy(i -> i, Types.LONG)
                .process(new Hoarding(), Types.LONG)
                .sinkTo(new DiscardingSink<>());
        JobID id = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
        cluster.requestJobResult(id).get();
        return cluster.getArchivedExecutionGraph(id).get();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void tieredStorageKeepsCheckpointingPastTheBudget(
            String backend, @InjectMiniCluster MiniCluster cluster) throws Exception {
        AccessExecutionGraph graph =
                run(cluster, backend, TieredCheckpointStorageFactory.class.getName());
        assertThat(graph.getState()).isEqualTo(JobStatus.FINISHED);
        CompletedCheckpointStats last =
                graph.getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
        assertThat(graph.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints())
                .isGreaterThanOrEqualTo(2);
        assertThat(last.getStateSize()).isGreaterThan(50L << 20);
        // Checkpoints may be declined while the tasks finish; none may fail for its size.
        FailedCheckpointStats failed =
                graph.getCheckpointStatsSnapshot().getHistory().getLatestFailedCheckpoint();
        if (failed != null) {
            assertThat(String.valueOf(failed.getFailureMessage()))
                    .doesNotContain("memory budget")
                    .doesNotContain("maximum permitted");
        }
        assertThat(graph.getCheckpointStorageName()).contains("TieredCheckpointStorage");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void jobManagerStorageFailsTheSameJob(String backend, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        AccessExecutionGraph graph = run(cluster, backend, "jobmanager");
        FailedCheckpointStats failed =
                graph.getCheckpointStatsSnapshot().getHistory().getLatestFailedCheckpoint();
        System.out.println(
                "JM "
                        + backend
                        + " "
                        + graph.getState()
                        + " "
                        + (failed == null ? null : failed.getFailureMessage()));
        assertThat(failed).as("a checkpoint failed").isNotNull();
        assertThat(graph.getState()).isEqualTo(JobStatus.FAILED);
    }
}
