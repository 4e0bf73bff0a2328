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

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink's own behaviour (Flink's own backends and storage, none of the pack's), and the cause of a
 * pitfall of resubmitting a bounded job after its JobManager died (docs/cluster.md): the checkpoint
 * a job takes after its input has ended (FLIP-147's final checkpoint, which every task of a bounded
 * streaming job waits for before it finishes) holds the state as it is after the end-of-input
 * timers fired. The tour's summaries were emitted before that checkpoint by the timers at {@code
 * Long.MAX_VALUE}, and the checkpoint holds those keys' states but no timer. A new job restored
 * from it reads no more input, fires no timer and finishes with no summary and no mismatch:
 * exactly-once, nothing lost, and the same for the heap backend and RocksDB (incremental).
 *
 * <p>The first job is held open after its final checkpoint (its keyed operator waits in {@code
 * close()}, which a task calls only after its final checkpoint completed) and cancelled, so that
 * the retained checkpoint is that final one, as it is when a JobManager is killed at that moment.
 */
class FinalCheckpointRestoreITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    // Class-wide, so that it is deleted after the cluster has stopped discarding checkpoints.
    @TempDir static Path checkpoints;

    private static final TourParams PARAMS = TourTesting.PARAMS.withInjectedFailure(false);

    static volatile CountDownLatch closing;
    static volatile CountDownLatch released;
    static final AtomicInteger FIRED = new AtomicInteger();

    @ParameterizedTest
    @EnumSource(
            value = TourConfiguration.class,
            names = {"HASHMAP_FILESYSTEM", "ROCKSDB_INCREMENTAL"})
    void aCheckpointTakenAfterTheEndOfInputRestoresIntoAJobThatEmitsNothing(
            TourConfiguration configuration, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        closing = new CountDownLatch(PARAMS.parallelism());
        released = new CountDownLatch(1);
        FIRED.set(0);
        String dir = checkpoints.resolve(configuration.name()).toUri().toString();
        Configuration retain = new Configuration();
        retain.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        JobID first =
                cluster.submitJob(jobGraph(configuration, dir, retain, new HeldAfterFinal()))
                        .get()
                        .getJobID();
        long finalCheckpoint;
        String retained;
        try {
            assertThat(closing.await(60, TimeUnit.SECONDS))
                    .as("both keyed subtasks past their final checkpoint")
                    .isTrue();
            AccessExecutionGraph graph = cluster.getArchivedExecutionGraph(first).get();
            CompletedCheckpointStats latest =
                    graph.getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
            assertThat(latest).as("the first job's final checkpoint").isNotNull();
            finalCheckpoint = latest.getCheckpointId();
            retained = latest.getExternalPath();
            cluster.cancelJob(first).get();
        } finally {
            released.countDown();
        }
        assertThat(cluster.requestJobResult(first).get().getApplicationStatus().deriveJobStatus())
                .isEqualTo(JobStatus.CANCELED);
        assertThat(FIRED.get())
                .as("summaries the first job emitted before its final checkpoint")
                .isEqualTo(PARAMS.keys());

        Configuration resume = new Configuration();
        resume.set(StateRecoveryOptions.SAVEPOINT_PATH, retained);
        JobGraph second = jobGraph(configuration, dir, resume, new AllKeyedStatesFunction());
        JobID secondId = cluster.submitJob(second).get().getJobID();
        JobExecutionResult result =
                cluster.requestJobResult(secondId)
                        .get()
                        .toJobExecutionResult(getClass().getClassLoader());
        AccessExecutionGraph graph = cluster.getArchivedExecutionGraph(secondId).get();
        assertThat(graph.getState()).isEqualTo(JobStatus.FINISHED);
        assertThat(graph.getCheckpointStatsSnapshot().getLatestRestoredCheckpoint())
                .as("the second job's restore")
                .satisfies(r -> assertThat(r.getCheckpointId()).isEqualTo(finalCheckpoint));
        List<String> mismatches = result.getAccumulatorResult(SummaryVerifier.MISMATCHES);
        Integer verified = result.getAccumulatorResult(SummaryVerifier.VERIFIED_KEYS);
        assertThat(mismatches).as("keys whose summary was wrong").isEmpty();
        assertThat(verified)
                .as(
                        "summaries after a restore from checkpoint %s, taken after the end of input",
                        finalCheckpoint)
                .isZero();
    }

    private static JobGraph jobGraph(
            TourConfiguration configuration,
            String dir,
            Configuration extra,
            AllKeyedStatesFunction keyedStates)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, PARAMS.checkpointInterval());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        configuration.configure(conf, dir);
        conf.addAll(extra);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        configuration.applyInCode(env, dir);
        TourJob.build(env, PARAMS, keyedStates);
        return PipelineExecutorUtils.getJobGraph(
                env.getStreamGraph(), conf, Thread.currentThread().getContextClassLoader());
    }

    /** Counts the summaries it emits and waits in close(), after its task's final checkpoint. */
    private static final class HeldAfterFinal extends AllKeyedStatesFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<KeySummary> out)
                throws Exception {
            super.onTimer(timestamp, ctx, out);
            FIRED.incrementAndGet();
        }

        @Override
        public void close() throws Exception {
            closing.countDown();
            try {
                released.await();
            } catch (InterruptedException cancelled) {
                Thread.currentThread().interrupt();
            }
            super.close();
        }
    }
}
