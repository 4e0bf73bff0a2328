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

import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;
import dev.flinkext.checkpoint.tiered.archive.TieredCheckpointStats;
import dev.flinkext.testing.hdfs.HdfsClusterExtension;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HDFS DataNode stopped while the tiered storage archives to HDFS: the archives fail cleanly
 * (counted in the storage's figures, no half-written archive left as a valid one), checkpoints go
 * on and the job runs on; once the DataNode is back the archive catches up, and the tour's job,
 * which also fails once after a completed checkpoint, ends with exact results.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HdfsArchiveOutageITCase {

    @RegisterExtension
    @Order(1)
    static final HdfsClusterExtension HDFS = new HdfsClusterExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    @TempDir static Path checkpoints;

    /** 60,000 events at 3,000/s: about 20 s, long enough to stop and restart a DataNode. */
    private static final TourParams PARAMS =
            new TourParams(60_000, 200, 4, 2, 3_000, Duration.ofMillis(200), 2, true);

    @Test
    void aStoppedDataNodeFailsArchivesCleanlyAndTheJobRunsOnExactly(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Configuration archive = new Configuration();
        archive.set(ArchiveOptions.ARCHIVE_DIR, HDFS.uri("archive").toString());
        TourRunner runner = new TourRunner(cluster, PARAMS, checkpoints, System.out);
        CompletableFuture<RunReport> run =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return runner.run(
                                        TourConfiguration.FLINKEXT_TIERED_STORAGE, archive);
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
        JobID id = awaitRunningJob(cluster, run);
        // The storage registers its figures when the JobManager creates it for the job.
        CommonTestUtils.waitUntilCondition(() -> TieredCheckpointStats.of(id).isPresent());
        CommonTestUtils.waitUntilCondition(() -> stats(id).getArchivesCompleted() >= 1);

        long failedBefore = stats(id).getArchivesFailed();
        HDFS.cluster().stopDataNode();
        long completedWhileDown;
        try {
            CommonTestUtils.waitUntilCondition(
                    () -> stats(id).getArchivesFailed() >= failedBefore + 2);
            long checkpointsAtFailure = stats(id).getCompletedCheckpoints();
            CommonTestUtils.waitUntilCondition(
                    () -> stats(id).getCompletedCheckpoints() >= checkpointsAtFailure + 3);
            assertThat(cluster.getJobStatus(id).get()).isEqualTo(JobStatus.RUNNING);
            assertThat(stats(id).getLastArchiveFailure())
                    .contains("Archiving checkpoint")
                    .contains(HDFS.uri("archive").toString());
            assertThat(stats(id).getArchiveLagCheckpoints()).isPositive();
            completedWhileDown = stats(id).getArchivesCompleted();
        } finally {
            HDFS.cluster().restartDataNode();
        }
        CommonTestUtils.waitUntilCondition(
                () -> stats(id).getArchivesCompleted() > completedWhileDown);

        RunReport report = run.get();
        assertThat(report.problems()).isEmpty();
        assertThat(report.verifiedKeys()).isEqualTo(PARAMS.keys());
        assertThat(report.verified()).isTrue();
        assertThat(report.recovery()).as("the injected failure was recovered").isNotNull();

        // Every archive left in HDFS is whole: a chk folder without _metadata is never left as
        // one (a failed archive is deleted; the NameNode answers while the DataNode is down). The
        // archive of the job's last checkpoints may still be copying when the job has finished,
        // so the folders are checked once the archiver is done with them, within a minute.
        DistributedFileSystem hdfs = HDFS.cluster().miniDfsCluster().getFileSystem();
        org.apache.hadoop.fs.Path jobArchive =
                new org.apache.hadoop.fs.Path("/archive/" + id.toHexString());
        List<String> incomplete = incompleteArchives(hdfs, jobArchive);
        for (long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                !incomplete.isEmpty() && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
            incomplete = incompleteArchives(hdfs, jobArchive);
        }
        assertThat(hdfs.listStatus(jobArchive)).isNotEmpty();
        assertThat(incomplete).as("archive folders without _metadata").isEmpty();
    }

    private static List<String> incompleteArchives(
            DistributedFileSystem hdfs, org.apache.hadoop.fs.Path jobArchive) throws IOException {
        List<String> incomplete = new ArrayList<>();
        for (FileStatus archived : hdfs.listStatus(jobArchive)) {
            if (!hdfs.exists(new org.apache.hadoop.fs.Path(archived.getPath(), "_metadata"))) {
                incomplete.add(archived.getPath().toString());
            }
        }
        return incomplete;
    }

    private static JobID awaitRunningJob(MiniCluster cluster, CompletableFuture<RunReport> run)
            throws Exception {
        JobID[] found = new JobID[1];
        CommonTestUtils.waitUntilCondition(
                () -> {
                    if (run.isDone()) {
                        run.get(); // a run that ended early fails the test with its cause
                        throw new AssertionError("the run ended before its job was seen");
                    }
                    for (JobStatusMessage job : cluster.listJobs().get()) {
                        if (job.getJobState() == JobStatus.RUNNING) {
                            found[0] = job.getJobId();
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    private static TieredCheckpointStats stats(JobID id) {
        return TieredCheckpointStats.of(id).orElseThrow();
    }
}
