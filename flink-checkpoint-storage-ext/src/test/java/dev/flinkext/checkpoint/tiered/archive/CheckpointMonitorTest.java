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
package dev.flinkext.checkpoint.tiered.archive;

import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which completed checkpoints the monitor archives. */
class CheckpointMonitorTest {

    @TempDir Path dir;

    private final JobID job = new JobID();

    private static byte[] metadata(long checkpointId) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Checkpoints.storeCheckpointMetadata(
                new CheckpointMetadata(checkpointId, List.of(), List.of()),
                new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private void complete(CheckpointMonitor monitor, long checkpointId) throws Exception {
        monitor.checkpointFinalized(checkpointId, metadata(checkpointId), "pointer");
        monitor.awaitIdle();
    }

    private List<String> archives() throws Exception {
        Path jobDir = dir.resolve("archive").resolve(job.toHexString());
        if (!Files.exists(jobDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.filter(p -> Files.exists(p.resolve("_metadata")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void archivesTheFirstAndThenEveryNthCompletedCheckpoint() throws Exception {
        CheckpointMonitor monitor =
                new CheckpointMonitor(
                        job,
                        new ArchiveSettings(dir.resolve("archive").toString(), 3, null, 10, null));
        for (long id = 1; id <= 7; id++) {
            complete(monitor, id);
        }
        assertThat(archives()).containsExactly("chk-1", "chk-4", "chk-7");
        TieredCheckpointStats stats = TieredCheckpointStats.of(job).orElseThrow();
        assertThat(stats.getCompletedCheckpoints()).isEqualTo(7);
        assertThat(stats.getArchivesCompleted()).isEqualTo(3);
        assertThat(stats.getArchiveLagCheckpoints()).isZero();
    }

    @Test
    void afterAFailedArchiveTheNextCheckpointIsDueAtOnce() throws Exception {
        CheckpointMonitor monitor =
                new CheckpointMonitor(
                        job,
                        new ArchiveSettings(dir.resolve("archive").toString(), 3, null, 10, null));
        // A file where the job's archive directory should be: the archive cannot be written.
        Path blocker = dir.resolve("archive").resolve(job.toHexString());
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "in the way");
        complete(monitor, 1);
        TieredCheckpointStats stats = TieredCheckpointStats.of(job).orElseThrow();
        assertThat(stats.getArchivesFailed()).isEqualTo(1);
        assertThat(stats.getArchiveLagCheckpoints()).isEqualTo(1);
        assertThat(stats.getArchiveLagMillis()).isGreaterThanOrEqualTo(0);

        Files.delete(blocker);
        complete(monitor, 2);
        complete(monitor, 3);
        assertThat(archives()).containsExactly("chk-2");
        // chk-2 covers the failed chk-1; chk-3 is not due: nothing is behind.
        assertThat(stats.getArchiveLagCheckpoints()).isZero();
        assertThat(stats.getArchiveLagMillis()).isZero();
    }

    @Test
    void withoutAnArchiveItOnlyRecordsTheTiers() throws Exception {
        CheckpointMonitor monitor = new CheckpointMonitor(job, null);
        complete(monitor, 1);
        TieredCheckpointStats stats = TieredCheckpointStats.of(job).orElseThrow();
        assertThat(stats.getLastCheckpointId()).isEqualTo(1);
        assertThat(stats.getLastCheckpointMetadataBytes()).isEqualTo(metadata(1).length);
        assertThat(stats.getArchiveDirectory()).isEmpty();
        assertThat(stats.getArchivesCompleted()).isZero();
    }
}
