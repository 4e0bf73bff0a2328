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
package dev.flinkext.testing.cluster;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.util.function.SupplierWithException;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** What tests ask a {@link ProcessCluster} about a job, over Flink's REST API (and JMX). */
@PublicEvolving
public final class ClusterJobs {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Set<ExecutionState> UP =
            EnumSet.of(ExecutionState.RUNNING, ExecutionState.FINISHED);

    private final ProcessCluster cluster;

    public ClusterJobs(ProcessCluster cluster) {
        this.cluster = cluster;
    }

    /** The job's checkpoint statistics (counts, latest, history). */
    public CheckpointingStatistics checkpoints(JobID job) throws Exception {
        JobMessageParameters parameters =
                CheckpointingStatisticsHeaders.getInstance().getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(job);
        return cluster.client()
                .sendRequest(
                        CheckpointingStatisticsHeaders.getInstance(),
                        parameters,
                        EmptyRequestBody.getInstance())
                .get(10, TimeUnit.SECONDS);
    }

    /** Waits until the job has completed {@code count} checkpoints; returns the latest's id. */
    public long awaitCompletedCheckpoints(JobID job, long count, Duration timeout)
            throws Exception {
        waitUntil(
                job + " completed " + count + " checkpoints",
                timeout,
                () -> checkpoints(job).getCounts().getNumberCompletedCheckpoints() >= count,
                cluster);
        return checkpoints(job).getLatestCheckpoints().getCompletedCheckpointStatistics().getId();
    }

    /** Whether the job is RUNNING and every task of it RUNNING (or FINISHED). */
    public boolean allTasksUp(JobID job) throws Exception {
        JobDetailsInfo details = cluster.client().getJobDetails(job).get(10, TimeUnit.SECONDS);
        return details.getJobStatus() == JobStatus.RUNNING
                && details.getJobVertexInfos().stream()
                        .allMatch(vertex -> UP.contains(vertex.getExecutionState()));
    }

    /** Waits until the job is RUNNING with every task up. */
    public void awaitAllTasksUp(JobID job, Duration timeout) throws Exception {
        waitUntil(job + " running with every task up", timeout, () -> allTasksUp(job), cluster);
    }

    /**
     * After a failure: waits until the job has noticed it (not every task up) and then until it
     * runs again with every task up; returns the time from {@code failedAtNanos} to the latter.
     */
    public Duration awaitRecovery(JobID job, long failedAtNanos, Duration timeout)
            throws Exception {
        waitUntil(job + " noticed the failure", timeout, () -> !allTasksUp(job), cluster);
        awaitAllTasksUp(job, timeout);
        return Duration.ofNanos(System.nanoTime() - failedAtNanos);
    }

    /** Waits for the job's end; returns its result, or throws its failure. */
    public JobExecutionResult result(JobID job, Duration timeout) throws Exception {
        JobResult result =
                cluster.client()
                        .requestJobResult(job)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return result.toJobExecutionResult(ClusterJobs.class.getClassLoader());
    }

    /** A JMX connection to {@code process} (close it after use). */
    public static JMXConnector jmx(FlinkProcess process) throws IOException {
        return JMXConnectorFactory.connect(
                new JMXServiceURL(
                        "service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                                + process.jmxPort()
                                + "/jmxrmi"));
    }

    /** The MBean server of {@code connector}, for one-line use. */
    public static MBeanServerConnection beans(JMXConnector connector) throws IOException {
        return connector.getMBeanServerConnection();
    }

    /**
     * Polls {@code condition} until it holds (an exception counts as "not yet"); on timeout fails
     * naming {@code what} and where the cluster's logs are.
     */
    public static void waitUntil(
            String what,
            Duration timeout,
            SupplierWithException<Boolean, Exception> condition,
            ProcessCluster cluster)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (Exception notYet) {
                // E.g. a JobManager that is not up yet, or a job it does not know yet.
                last = notYet;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Timed out after "
                                + timeout.toSeconds()
                                + " s waiting until "
                                + what
                                + "; the cluster's logs are in "
                                + cluster.logs(),
                        last);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
