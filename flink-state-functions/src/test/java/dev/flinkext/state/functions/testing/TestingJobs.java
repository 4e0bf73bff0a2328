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
package dev.flinkext.state.functions.testing;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs test jobs on a MiniCluster the way a user rescales one: a first job fails with its last
 * checkpoint retained, a second job starts from that checkpoint, possibly at another parallelism.
 */
public final class TestingJobs {

    private final MiniCluster cluster;
    private final String stateBackend;
    private final Path checkpoints;

    /** A one-TaskManager MiniCluster with {@code slots} slots and a small managed memory. */
    public static MiniClusterExtension miniCluster(int slots) {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(96));
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }

    /**
     * @param stateBackend {@code hashmap} or {@code rocksdb}
     */
    public TestingJobs(MiniCluster cluster, String stateBackend, Path checkpoints) {
        this.cluster = cluster;
        this.stateBackend = stateBackend;
        this.checkpoints = checkpoints;
    }

    /** Runs a job that must fail; returns the path of its last completed, retained checkpoint. */
    public String runUntilFailure(int parallelism, Consumer<StreamExecutionEnvironment> job)
            throws Exception {
        return runUntilFailure(parallelism, null, job);
    }

    /**
     * Runs a job from a checkpoint (or from scratch when null) that must fail; returns the path of
     * its last completed, retained checkpoint.
     */
    public String runUntilFailure(
            int parallelism, String fromCheckpoint, Consumer<StreamExecutionEnvironment> job)
            throws Exception {
        Configuration conf = base(parallelism);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (fromCheckpoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fromCheckpoint);
        }
        JobID id = run(conf, job);
        AccessExecutionGraph graph = cluster.getArchivedExecutionGraph(id).get();
        if (graph.getState() != JobStatus.FAILED) {
            throw new AssertionError("expected the job to fail, it ended " + graph.getState());
        }
        CompletedCheckpointStats last =
                graph.getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
        if (last == null) {
            throw new AssertionError("the job completed no checkpoint before failing");
        }
        return last.getExternalPath();
    }

    /**
     * Runs a job from a checkpoint (or from scratch when null), restarting it after failures, and
     * returns its execution graph once it has finished.
     */
    public AccessExecutionGraph runToEnd(
            int parallelism, String fromCheckpoint, Consumer<StreamExecutionEnvironment> job)
            throws Exception {
        Configuration conf = base(parallelism);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        if (fromCheckpoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fromCheckpoint);
        }
        JobID id = run(conf, job);
        AccessExecutionGraph graph = cluster.getArchivedExecutionGraph(id).get();
        if (graph.getState() != JobStatus.FINISHED) {
            cluster.requestJobResult(id).get().toJobExecutionResult(getClass().getClassLoader());
            throw new AssertionError("job ended " + graph.getState());
        }
        return graph;
    }

    private Configuration base(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.setString("parallelism.default", Integer.toString(parallelism));
        return conf;
    }

    private JobID run(Configuration conf, Consumer<StreamExecutionEnvironment> job)
            throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        job.accept(env);
        // The stream graph takes the restore path from the environment's configuration.
        JobGraph graph = env.getStreamGraph().getJobGraph(getClass().getClassLoader(), null);
        JobID id = cluster.submitJob(graph).get().getJobID();
        cluster.requestJobResult(id).get();
        return id;
    }
}
