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
import dev.flinkext.checkpoint.tiered.testing.FlakyFileSystem;
import dev.flinkext.checkpoint.tiered.testing.Jobs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archive filesystem that fails mid-copy: the job runs on and keeps checkpointing, the failures
 * are counted, no partial archive is left, and once the filesystem heals the next archive restores
 * exactly.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FailingArchiveITCase {

    private static final long RECORDS = 30_000;
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

    @AfterAll
    static void heal() {
        FlakyFileSystem.failing(false);
    }

    @Test
    void aFailingArchiveNeverFailsTheJobAndLeavesNoPartialArchive(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Path archive = dir.resolve("archive");
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                TieredCheckpointStorageFactory.class.getName());
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(ArchiveOptions.ARCHIVE_DIR, "flaky://" + archive);
        // Everything spills, so that an archive copies several files and can break in between.
        conf.set(TieredCheckpointStorageOptions.MEMORY_BUDGET, MemorySize.ZERO);
        CountingJob job =
                new CountingJob("flaky", RECORDS, KEYS, 2_000).backend("hashmap").set(conf);

        FlakyFileSystem.failing(true);
        JobID id = job.submit(cluster);
        CommonTestUtils.waitUntilCondition(
                () -> stats(id).map(TieredCheckpointStats::getArchivesFailed).orElse(0L) >= 3);
        long checkpointsWhileFailing = stats(id).orElseThrow().getCompletedCheckpoints();

        assertThat(cluster.getJobStatus(id).get()).isEqualTo(JobStatus.RUNNING);
        assertThat(FlakyFileSystem.failures()).isGreaterThanOrEqualTo(3);
        assertThat(stats(id).orElseThrow().getLastArchiveFailure())
                .contains("injected failure of the flaky filesystem");
        assertThat(completeArchives(archive, id)).isEmpty();

        FlakyFileSystem.failing(false);
        CommonTestUtils.waitUntilCondition(
                () -> stats(id).orElseThrow().getArchivesCompleted() >= 2);
        assertThat(stats(id).orElseThrow().getCompletedCheckpoints())
                .isGreaterThan(checkpointsWhileFailing);
        cluster.cancelJob(id).get();
        cluster.requestJobResult(id).get();

        // Only complete archives are left: every chk-n directory has its _metadata.
        List<Path> all = archives(archive, id);
        assertThat(all).isNotEmpty().allSatisfy(a -> assertThat(a.resolve("_metadata")).exists());

        CountingJob restored =
                new CountingJob("flaky-restored", RECORDS, KEYS, 20_000)
                        .backend("hashmap")
                        .restoreFrom(
                                "flaky://"
                                        + ArchiveITCase.newestArchive(
                                                archive.resolve(id.toHexString())));
        JobID restoredId = restored.submit(cluster);
        assertThat(Jobs.awaitFinalStatus(cluster, restoredId)).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.wrongCounts()).as("keys whose count is not exact").isEmpty();
        assertThat(restored.smallestFirstCount()).isGreaterThan(1);
    }

    private static java.util.Optional<TieredCheckpointStats> stats(JobID id) {
        return TieredCheckpointStats.of(id);
    }

    private static List<Path> archives(Path archive, JobID id) throws Exception {
        Path jobDir = archive.resolve(id.toHexString());
        if (!Files.exists(jobDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .collect(Collectors.toList());
        }
    }

    private static List<Path> completeArchives(Path archive, JobID id) throws Exception {
        return archives(archive, id).stream()
                .filter(p -> new File(p.toFile(), "_metadata").exists())
                .collect(Collectors.toList());
    }
}
