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

import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;
import dev.flinkext.checkpoint.tiered.archive.TieredCheckpointStats;
import dev.flinkext.checkpoint.tiered.testing.CountingJob;
import dev.flinkext.checkpoint.tiered.testing.JobEndHooks;
import dev.flinkext.checkpoint.tiered.testing.Jobs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the line's job-end hook on the cluster ({@link JobEndHooks}: a metric reporter on 1.20, a
 * job status listener on 2.x), what the tiered storage holds per job on the JobManager (its
 * figures, their JMX bean, its threads) goes when the job ends, whichever way it ends, without a
 * garbage collection; a restart keeps it, and no warning of a missing hook is logged. Without the
 * hook ({@link FinishedJobsITCase}) the garbage collector releases it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
// Left to the 1.20 run on the 2.x line (docs/flink-lines.md): it runs code both lines share,
// while the 2.x line's ITCases are the ones through the code that differs (the archive's
// SnapshotCopier adapter: ArchiveITCase, FailingArchiveITCase). It passes on 2.x too.
@Tag("left-to-flink-1.20")
class JobEndHookITCase {

    /**
     * How long the JobManager may take after a job's end is visible to the client: Flink 1.20
     * closes the job's metric group when the JobMaster stops, just after. Far below the monitors'
     * idle timeout (30 s), and no garbage collection is asked for.
     */
    private static final Duration RELEASED_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(JobEndHooks.on(CountingJob.clusterConfiguration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension
    final LoggerAuditingExtension hookWarnings =
            new LoggerAuditingExtension(JobEndHookCheck.class, Level.WARN);

    @TempDir Path dir;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    private Configuration tieredWithArchive() {
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                TieredCheckpointStorageFactory.class.getName());
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(ArchiveOptions.ARCHIVE_DIR, dir.resolve("archive").toUri().toString());
        return conf;
    }

    @Test
    void shortJobsOneAfterAnotherLeaveNothingBehind(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        List<JobID> ended = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CountingJob job =
                    new CountingJob("job-end-" + i, 1_000, 10, 2_000)
                            .backend("hashmap")
                            .set(tieredWithArchive());
            JobID id = job.submit(cluster);
            CommonTestUtils.waitUntilCondition(() -> TieredCheckpointStats.of(id).isPresent());
            assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.FINISHED);
            ended.add(id);
            if (!releasedWithin(id)) {
                late.add(id.toHexString());
            }
        }
        assertThat(late)
                .as("jobs whose bean or threads outlived the job by %s", RELEASED_WITHIN)
                .isEmpty();
        assertThat(heldFor(ended)).isEmpty();
        assertThat(JobEndHookCheck.JVM.isInstalled())
                .as("the line's hook, created by Flink, marked itself")
                .isTrue();
        assertThat(hookWarnings.getMessages()).as("warnings of a missing hook").isEmpty();
        System.out.printf(
                "[job-end] %d finished jobs, %d beans and threads of theirs left%n",
                ended.size(), heldFor(ended).size());
    }

    @Test
    void aCancelledJobLeavesNothingBehind(@InjectMiniCluster MiniCluster cluster) throws Exception {
        CountingJob job =
                new CountingJob("job-end-cancelled", 1_000_000, 10, 2_000)
                        .backend("hashmap")
                        .set(tieredWithArchive());
        JobID id = job.submit(cluster);
        CommonTestUtils.waitUntilCondition(() -> server.isRegistered(bean(id)));
        cluster.cancelJob(id).get();
        assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.CANCELED);
        assertThat(releasedWithin(id)).as("released after the cancel: %s", id).isTrue();
    }

    @Test
    void aJobFailedForGoodLeavesNothingBehind(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        CountingJob job =
                new CountingJob("job-end-failed", 1_000_000, 10, 2_000)
                        .backend("hashmap")
                        .set(tieredWithArchive());
        JobID id = job.submit(cluster);
        CommonTestUtils.waitUntilCondition(() -> server.isRegistered(bean(id)));
        job.injectFailures(1);
        assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.FAILED);
        assertThat(releasedWithin(id)).as("released after the failure: %s", id).isTrue();
    }

    @Test
    void aRestartedJobKeepsItsFigures(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Configuration restarts = tieredWithArchive();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        CountingJob job =
                new CountingJob("job-end-restarted", 1_000_000, 10, 2_000)
                        .backend("hashmap")
                        .set(restarts);
        JobID id = job.submit(cluster);
        CommonTestUtils.waitUntilCondition(
                () ->
                        TieredCheckpointStats.of(id)
                                .map(stats -> stats.getCompletedCheckpoints() >= 2)
                                .orElse(false));
        TieredCheckpointStats before = TieredCheckpointStats.of(id).get();
        long completedBefore = before.getCompletedCheckpoints();
        long processedBefore = job.processed();
        job.injectFailures(1);
        // Restarted: the job processes records again after the failure was consumed.
        CommonTestUtils.waitUntilCondition(() -> job.processed() > processedBefore + 2_000);
        CommonTestUtils.waitUntilCondition(
                () -> before.getCompletedCheckpoints() > completedBefore + 2);
        assertThat(cluster.getJobStatus(id).get()).isEqualTo(JobStatus.RUNNING);
        assertThat(TieredCheckpointStats.of(id)).containsSame(before);
        assertThat(server.getAttribute(bean(id), "RunId")).isEqualTo(before.getRunId());
        assertThat((Long) server.getAttribute(bean(id), "CompletedCheckpoints"))
                .isGreaterThan(completedBefore + 2);
        System.out.printf(
                "[job-end] restarted job: %d completed checkpoints before the failure, %d"
                        + " after, one bean%n",
                completedBefore, before.getCompletedCheckpoints());

        cluster.cancelJob(id).get();
        assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.CANCELED);
        assertThat(releasedWithin(id)).as("released after the cancel: %s", id).isTrue();
    }

    /** Waits (no garbage collection) until the job's bean and threads are gone, or gives up. */
    private boolean releasedWithin(JobID id) throws Exception {
        long deadline = System.nanoTime() + RELEASED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (heldFor(List.of(id)).isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** What is still held for {@code jobs}: their beans, figures and threads. */
    private List<String> heldFor(List<JobID> jobs) throws Exception {
        List<String> held = new ArrayList<>();
        for (JobID id : jobs) {
            if (server.isRegistered(bean(id))) {
                held.add("bean " + id);
            }
            if (TieredCheckpointStats.of(id).isPresent()) {
                held.add("figures " + id);
            }
        }
        held.addAll(
                Thread.getAllStackTraces().keySet().stream()
                        .map(Thread::getName)
                        .filter(
                                name ->
                                        jobs.stream()
                                                .anyMatch(
                                                        id ->
                                                                name.startsWith("flinkext-tiered-")
                                                                        && name.endsWith(
                                                                                id.toString())))
                        .collect(Collectors.toList()));
        return held;
    }

    private static ObjectName bean(JobID id) throws Exception {
        return TieredCheckpointStats.objectName(id);
    }
}
