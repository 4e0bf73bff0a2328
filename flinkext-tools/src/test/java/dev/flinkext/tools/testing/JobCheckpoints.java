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

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Triggers a running job's checkpoints and savepoints and reads Flink's statistics of them. */
public final class JobCheckpoints {

    private final MiniCluster cluster;
    private final JobID job;

    public JobCheckpoints(MiniCluster cluster, JobID job) throws Exception {
        this.cluster = cluster;
        this.job = job;
        CommonTestUtils.waitForAllTaskRunning(cluster, job, false);
    }

    public JobID job() {
        return job;
    }

    /** Waits until {@code condition} holds (e.g. the job has processed enough records). */
    public JobCheckpoints await(Supplier<Boolean> condition) throws Exception {
        // A job that ended (failed, or its bounded source ran out before the condition held on
        // a slow machine) never meets it: fail instead of waiting forever.
        CommonTestUtils.waitUntilCondition(
                () -> {
                    if (condition.get()) {
                        return true;
                    }
                    JobStatus status = cluster.getJobStatus(job).get();
                    if (status.isGloballyTerminalState() && !condition.get()) {
                        throw new AssertionError(
                                "job "
                                        + job
                                        + " is "
                                        + status
                                        + " before the awaited condition held");
                    }
                    return false;
                });
        return this;
    }

    /** Triggers a checkpoint and returns its external pointer (the chk-N folder). */
    public String checkpoint() throws Exception {
        return cluster.triggerCheckpoint(job).get();
    }

    /** Triggers a savepoint into {@code dir} and returns its folder. */
    public String savepoint(Path dir, SavepointFormatType format) throws Exception {
        return cluster.triggerSavepoint(job, dir.toUri().toString(), false, format).get();
    }

    public void cancel() throws Exception {
        cluster.cancelJob(job).get();
        CommonTestUtils.waitUntilCondition(
                () -> cluster.getJobStatus(job).get().isGloballyTerminalState());
    }

    public JobStatus awaitTermination() throws Exception {
        CommonTestUtils.waitUntilCondition(
                () -> cluster.getJobStatus(job).get().isGloballyTerminalState());
        return cluster.getJobStatus(job).get();
    }

    /** Flink's own figures for a completed checkpoint or savepoint. */
    public Figures figures(long checkpointId) throws Exception {
        AbstractCheckpointStats stats =
                cluster.getExecutionGraph(job)
                        .get()
                        .getCheckpointStatsSnapshot()
                        .getHistory()
                        .getCheckpointById(checkpointId);
        if (!(stats instanceof CompletedCheckpointStats)) {
            throw new AssertionError("checkpoint " + checkpointId + " is not completed: " + stats);
        }
        CompletedCheckpointStats completed = (CompletedCheckpointStats) stats;
        Map<String, Long> perVertex = new LinkedHashMap<>();
        for (TaskStateStats task : completed.getAllTaskStateStats()) {
            perVertex.put(task.getJobVertexId().toHexString(), task.getStateSize());
        }
        return new Figures(
                completed.getStateSize(),
                completed.getCheckpointedSize(),
                completed.getExternalPath(),
                perVertex);
    }

    /** Flink's statistics: total and per job vertex state size, and the external path. */
    public static final class Figures {
        public final long stateSize;
        public final long checkpointedSize;
        public final String externalPath;
        public final Map<String, Long> stateSizePerVertex;

        Figures(
                long stateSize,
                long checkpointedSize,
                String externalPath,
                Map<String, Long> stateSizePerVertex) {
            this.stateSize = stateSize;
            this.checkpointedSize = checkpointedSize;
            this.externalPath = externalPath;
            this.stateSizePerVertex = stateSizePerVertex;
        }

        /**
         * Asserts that {@code inspect --json}'s report of this checkpoint gives Flink's figures:
         * every operator's size less its coordinator state (which Flink's task statistics leave
         * out) is its job vertex's (chaining is off in the tests' jobs, so each operator is a
         * vertex with the operator's id), and the totals add up.
         */
        public void assertInspectMatches(JsonNode report) {
            long total = 0;
            long coordinators = 0;
            for (JsonNode operator : report.get("operators")) {
                long size = operator.get("sizeBytes").asLong();
                long coordinator = operator.get("coordinatorBytes").asLong();
                total += size;
                coordinators += coordinator;
                assertThat(size - coordinator)
                        .as(
                                "operator %s: inspect's size without coordinator state vs Flink's"
                                        + " task statistics",
                                operator.get("uid"))
                        .isEqualTo(stateSizePerVertex.get(operator.get("uidHash").asText()));
            }
            assertThat(report.get("totalSizeBytes").asLong()).isEqualTo(total);
            assertThat(total - coordinators)
                    .as("total without coordinator state vs Flink's")
                    .isEqualTo(stateSize);
            assertThat(report.get("inlineBytes").asLong() + report.get("fileBytes").asLong())
                    .isEqualTo(total);
        }

        @Override
        public String toString() {
            return "stateSize=" + stateSize + " perVertex=" + stateSizePerVertex;
        }
    }
}
