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

import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** How the archive lag moves with due, skipped, completed and failed archives. */
class TieredCheckpointStatsTest {

    private final JobID job = new JobID();

    private static void complete(TieredCheckpointStats stats, long id) {
        stats.checkpointCompleted(id, 0, 0, 0, 0);
    }

    @Test
    void theLagRunsFromTheOldestDueCheckpointWithoutAnArchive() {
        TieredCheckpointStats stats = TieredCheckpointStats.register(job, "/archive");
        assertThat(stats.getArchiveLagCheckpoints()).isZero();
        assertThat(stats.getArchiveLagMillis()).isZero();

        long t1 = System.currentTimeMillis() - 60_000;
        complete(stats, 1);
        stats.archiveStarted(t1);
        stats.archiveFailed("down");
        complete(stats, 2);
        complete(stats, 3);
        // Behind since checkpoint 1: three completed checkpoints, a minute.
        assertThat(stats.getArchiveLagCheckpoints()).isEqualTo(3);
        assertThat(stats.getArchiveLagMillis()).isGreaterThanOrEqualTo(60_000);

        // Checkpoint 3 is archived, and checkpoint 4 comes due while that runs.
        stats.archiveStarted(t1 + 2);
        complete(stats, 4);
        stats.archiveSkipped(t1 + 3);
        stats.archiveCompleted(3, t1 + 2, 10, 100);
        // Checkpoint 3's archive covers 1 to 3; 4 has none yet.
        assertThat(stats.getArchiveLagCheckpoints()).isEqualTo(1);

        complete(stats, 5);
        stats.archiveStarted(t1 + 4);
        stats.archiveCompleted(5, t1 + 4, 10, 100);
        assertThat(stats.getArchiveLagCheckpoints()).isZero();
        assertThat(stats.getArchiveLagMillis()).isZero();
        TieredCheckpointStats.release(job, stats);
    }

    @Test
    void aNewRunOfTheJobContinuesTheLagAndAnOldReleaseLeavesItAlone() throws Exception {
        TieredCheckpointStats first = TieredCheckpointStats.register(job, "/archive");
        complete(first, 1);
        first.archiveStarted(System.currentTimeMillis() - 5_000);
        first.archiveFailed("down");
        complete(first, 2);
        assertThat(first.getArchiveLagCheckpoints()).isEqualTo(2);

        TieredCheckpointStats second = TieredCheckpointStats.register(job, "/archive");
        complete(second, 3);
        assertThat(second.getArchiveLagCheckpoints()).isEqualTo(3);
        assertThat(second.getArchiveLagMillis()).isGreaterThanOrEqualTo(5_000);
        assertThat(second.getLastArchiveFailure()).isEqualTo("down");

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        TieredCheckpointStats.release(job, first);
        assertThat(TieredCheckpointStats.of(job)).containsSame(second);
        assertThat(server.getAttribute(TieredCheckpointStats.objectName(job), "RunId"))
                .isEqualTo(second.getRunId());

        TieredCheckpointStats.release(job, second);
        assertThat(TieredCheckpointStats.of(job)).isEmpty();
        assertThat(server.isRegistered(TieredCheckpointStats.objectName(job))).isFalse();
    }

    @Test
    void withoutAnArchiveThereIsNoLag() {
        TieredCheckpointStats stats = TieredCheckpointStats.register(job, "");
        complete(stats, 1);
        assertThat(stats.getArchiveLagMillis()).isEqualTo(-1);
        assertThat(stats.getArchiveLagCheckpoints()).isEqualTo(-1);
        TieredCheckpointStats.release(job, stats);
    }
}
