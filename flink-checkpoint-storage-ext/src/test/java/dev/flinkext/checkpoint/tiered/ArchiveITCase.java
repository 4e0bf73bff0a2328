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
import dev.flinkext.checkpoint.tiered.testing.Jobs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.FileUtils;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.ObjectName;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retain on cancellation, then restore exactly: from the filesystem tier with the tiered storage,
 * and from an archive that was moved elsewhere after the filesystem tier was deleted, with plain
 * Flink's {@link FileSystemCheckpointStorage} (the archive is self-contained and holds only Flink's
 * handle types).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ArchiveITCase {

    private static final long RECORDS = 24_000;
    private static final int KEYS = 100;

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(CountingJob.clusterConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb-incremental"})
    void restoresFromTheFilesystemTierAndFromAMovedArchive(
            String backend, @InjectMiniCluster MiniCluster cluster) throws Exception {
        Path checkpoints = dir.resolve(backend + "-checkpoints");
        Path archive = dir.resolve(backend + "-archive");
        // Configured by keys alone; streams over 512 bytes go to files, so the archive copies
        // files (incremental RocksDB's shared ones included) as well as inline state.
        Configuration keys = new Configuration();
        keys.set(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                TieredCheckpointStorageFactory.class.getName());
        keys.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        keys.set(ArchiveOptions.ARCHIVE_DIR, archive.toUri().toString());
        keys.set(TieredCheckpointStorageOptions.INLINE_THRESHOLD, MemorySize.parse("512b"));

        CountingJob first =
                new CountingJob(backend + "-first", RECORDS, KEYS, 3_000)
                        .backend(backend)
                        .set(keys);
        JobID firstId = first.submit(cluster);
        CommonTestUtils.waitUntilCondition(
                () ->
                        first.processed() > RECORDS / 3
                                && TieredCheckpointStats.of(firstId)
                                                .map(TieredCheckpointStats::getArchivesCompleted)
                                                .orElse(0L)
                                        >= 2);
        cluster.cancelJob(firstId).get();
        assertThat(Jobs.awaitFinalStatus(cluster, firstId)).isEqualTo(JobStatus.CANCELED);

        TieredCheckpointStats stats = TieredCheckpointStats.of(firstId).orElseThrow();
        assertThat(stats.getArchivesFailed()).isZero();
        assertThat(stats.getLastCheckpointInlineBytes()).isPositive();
        assertThat(stats.getLastCheckpointFileBytes()).isPositive();
        assertThat(stats.getLastArchiveBytes()).isPositive();
        // The same figures, as JMX publishes them.
        assertThat(
                        (Long)
                                ManagementFactory.getPlatformMBeanServer()
                                        .getAttribute(
                                                new ObjectName(
                                                        "dev.flinkext:type=TieredCheckpointStorage,job="
                                                                + firstId.toHexString()),
                                                "ArchivesCompleted"))
                .isGreaterThanOrEqualTo(2L);

        // From the filesystem tier: the retained checkpoint, with the tiered storage.
        CompletedCheckpointStats retained =
                cluster.getArchivedExecutionGraph(firstId)
                        .get()
                        .getCheckpointStatsSnapshot()
                        .getHistory()
                        .getLatestCompletedCheckpoint();
        assertThat(retained.getExternalPath()).contains(checkpoints.toString());
        CountingJob fromFiles =
                new CountingJob(backend + "-from-files", RECORDS, KEYS, 20_000)
                        .backend(backend)
                        .storage(
                                TieredCheckpointStorageFactory.class.getName(),
                                dir.resolve(backend + "-2").toUri().toString())
                        .restoreFrom(retained.getExternalPath());
        finish(cluster, fromFiles);

        // From the archive, moved, with the filesystem tier gone and plain Flink storage.
        Path archived = newestArchive(archive.resolve(firstId.toHexString()));
        try (Stream<Path> files = Files.list(archived)) {
            assertThat(files.count()).as("files besides _metadata").isGreaterThan(1);
        }
        Path moved = dir.resolve(backend + "-moved").resolve(archived.getFileName());
        Files.createDirectories(moved.getParent());
        Files.move(archived, moved);
        FileUtils.deleteDirectory(checkpoints.toFile());
        CountingJob fromArchive =
                new CountingJob(backend + "-from-archive", RECORDS, KEYS, 20_000)
                        .backend(backend)
                        .storage("filesystem", dir.resolve(backend + "-3").toUri().toString())
                        .restoreFrom(moved.toString());
        finish(cluster, fromArchive);
    }

    private static void finish(MiniCluster cluster, CountingJob job) throws Exception {
        JobID id = job.submit(cluster);
        assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.FINISHED);
        assertThat(job.wrongCounts()).as("keys whose count is not exact").isEmpty();
        // It restored real progress: no key started from zero, and fewer records were left.
        assertThat(job.smallestFirstCount()).isGreaterThan(1);
        assertThat(job.processed()).isLessThan(RECORDS);
    }

    static Path newestArchive(Path jobDir) throws Exception {
        try (Stream<Path> archives = Files.list(jobDir)) {
            return archives.filter(p -> new File(p.toFile(), "_metadata").exists())
                    .max(
                            (a, b) ->
                                    Long.compare(
                                            Long.parseLong(a.getFileName().toString().substring(4)),
                                            Long.parseLong(
                                                    b.getFileName().toString().substring(4))))
                    .orElseThrow();
        }
    }
}
