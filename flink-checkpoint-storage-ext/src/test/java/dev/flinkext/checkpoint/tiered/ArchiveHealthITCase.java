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
import dev.flinkext.checkpoint.tiered.archive.CheckpointMonitor;
import dev.flinkext.checkpoint.tiered.archive.TieredCheckpointStats;
import dev.flinkext.checkpoint.tiered.testing.CountingJob;
import dev.flinkext.checkpoint.tiered.testing.FlakyFileSystem;
import dev.flinkext.checkpoint.tiered.testing.Jobs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archive a user can rely on: a directory that can never work fails the job before its first
 * checkpoint; one that stops working shows a growing lag, and past the opt-in bound the storage
 * refuses checkpoints until Flink fails the job.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
// Left to the 1.20 run on the 2.x line (docs/flink-lines.md): it runs code both lines share,
// while the 2.x line's ITCases are the ones through the code that differs (the archive's
// SnapshotCopier adapter: ArchiveITCase, FailingArchiveITCase). It passes on 2.x too.
@Tag("left-to-flink-1.20")
class ArchiveHealthITCase {

    private static final long RECORDS = 1_000_000;
    private static final int KEYS = 100;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(CountingJob.clusterConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension
    final LoggerAuditingExtension monitorLog =
            new LoggerAuditingExtension(CheckpointMonitor.class, Level.ERROR);

    @TempDir Path dir;

    @AfterEach
    void heal() {
        FlakyFileSystem.failing(false);
    }

    private Configuration tiered(String archiveDir) {
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                TieredCheckpointStorageFactory.class.getName());
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(ArchiveOptions.ARCHIVE_DIR, archiveDir);
        return conf;
    }

    @Test
    void anArchiveDirectoryThatCanNeverWorkFailsTheJobAtItsStart(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        CountingJob job =
                new CountingJob("no-scheme", RECORDS, KEYS, 2_000)
                        .backend("hashmap")
                        .set(tiered("nosuchscheme://bucket/archive"));
        JobID id = job.submit(cluster);
        JobResult result = cluster.requestJobResult(id).get();

        assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.FAILED);
        String failure =
                ExceptionUtils.stringifyException(
                        result.getSerializedThrowable()
                                .orElseThrow()
                                .deserializeError(getClass().getClassLoader()));
        assertThat(failure)
                .contains("The archive directory 'nosuchscheme://bucket/archive'")
                .contains("(flinkext.checkpoint.tiered.archive.dir) cannot be used")
                .contains("no filesystem serves the scheme 'nosuchscheme'")
                .contains("plugins/");
        // It failed before any checkpoint, so nothing ever ran.
        assertThat(TieredCheckpointStats.of(id)).isEmpty();
        assertThat(job.processed()).isZero();
    }

    @Test
    void aBudgetThatCannotFitTheRpcFrameFailsTheJobBeforeAnyCheckpoint(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Configuration conf = tiered(dir.resolve("archive").toUri().toString());
        conf.set(TieredCheckpointStorageOptions.MEMORY_BUDGET, MemorySize.parse("64 mb"));
        CountingJob job =
                new CountingJob("budget", RECORDS, KEYS, 2_000).backend("hashmap").set(conf);
        JobID id = job.submit(cluster);
        JobResult result = cluster.requestJobResult(id).get();

        assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.FAILED);
        assertThat(
                        ExceptionUtils.stringifyException(
                                result.getSerializedThrowable()
                                        .orElseThrow()
                                        .deserializeError(getClass().getClassLoader())))
                .contains("Invalid value 64 mb for 'flinkext.checkpoint.tiered.memory.budget'")
                .contains("'pekko.framesize' (10 mb)");
        assertThat(TieredCheckpointStats.of(id)).isEmpty();
        assertThat(job.processed()).isZero();
    }

    @Test
    void theLagGrowsWhileArchivesFailAndTheBoundFailsTheJob(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Configuration conf = tiered("flaky://" + dir.resolve("archive"));
        // Everything spills, so that every archive copies files and the flaky filesystem breaks it.
        conf.set(TieredCheckpointStorageOptions.MEMORY_BUDGET, MemorySize.ZERO);
        conf.set(ArchiveOptions.ARCHIVE_MAX_LAG_CHECKPOINTS, 4);
        CountingJob job =
                new CountingJob("lagging", RECORDS, KEYS, 2_000).backend("hashmap").set(conf);

        FlakyFileSystem.failing(true);
        JobID id = job.submit(cluster);
        CommonTestUtils.waitUntilCondition(() -> TieredCheckpointStats.of(id).isPresent());
        // The job's figures, held here: once the job ended, the JobManager lets go of them.
        TieredCheckpointStats stats = TieredCheckpointStats.of(id).orElseThrow();
        CommonTestUtils.waitUntilCondition(
                () -> stats.getArchiveLagCheckpoints() >= 2 && stats.getArchiveLagMillis() > 0);
        long lagMillis = stats.getArchiveLagMillis();
        CommonTestUtils.waitUntilCondition(() -> stats.getArchiveLagMillis() > lagMillis);

        JobResult result = cluster.requestJobResult(id).get();
        assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.FAILED);
        assertThat(
                        ExceptionUtils.stringifyException(
                                result.getSerializedThrowable()
                                        .orElseThrow()
                                        .deserializeError(getClass().getClassLoader())))
                .contains("Exceeded checkpoint tolerable failure threshold");
        assertThat(stats.getArchivesCompleted()).isZero();
        assertThat(stats.getArchivesFailed()).isGreaterThanOrEqualTo(1);
        // Refused once the lag passed the bound of 4 (one more checkpoint may have been admitted
        // before the monitor recorded the fifth), and no checkpoint completed after that.
        assertThat(stats.getArchiveLagCheckpoints()).isBetween(5L, 6L);
        assertThat(monitorLog.getMessages())
                .anySatisfy(
                        message ->
                                assertThat(message)
                                        .containsPattern(
                                                "is too far behind: [56] completed checkpoints")
                                        .contains(
                                                "above flinkext.checkpoint.tiered.archive.max-lag-checkpoints (4)")
                                        .contains("injected failure of the flaky filesystem")
                                        .contains(
                                                "execution.checkpointing.tolerable-failed-checkpoints"));
    }

    @Test
    void onceTheArchiveHealsTheJobCheckpointsAgain(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Configuration conf = tiered("flaky://" + dir.resolve("archive"));
        conf.set(TieredCheckpointStorageOptions.MEMORY_BUDGET, MemorySize.ZERO);
        conf.set(ArchiveOptions.ARCHIVE_MAX_LAG_CHECKPOINTS, 3);
        // Tolerate the refusals, so that the job runs on while the archive is down.
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 1_000);
        CountingJob job =
                new CountingJob("healing", RECORDS, KEYS, 2_000).backend("hashmap").set(conf);

        FlakyFileSystem.failing(true);
        JobID id = job.submit(cluster);
        CommonTestUtils.waitUntilCondition(() -> TieredCheckpointStats.of(id).isPresent());
        TieredCheckpointStats stats = TieredCheckpointStats.of(id).orElseThrow();
        CommonTestUtils.waitUntilCondition(() -> !monitorLog.getMessages().isEmpty());
        long whileRefused = stats.getCompletedCheckpoints();
        assertThat(stats.getArchiveLagCheckpoints()).isGreaterThan(3);

        FlakyFileSystem.failing(false);
        CommonTestUtils.waitUntilCondition(
                () ->
                        stats.getArchivesCompleted() >= 1
                                && stats.getCompletedCheckpoints() > whileRefused + 2);
        assertThat(cluster.getJobStatus(id).get()).isEqualTo(JobStatus.RUNNING);
        assertThat(stats.getArchiveLagCheckpoints()).isLessThanOrEqualTo(3);
        cluster.cancelJob(id).get();
    }
}
