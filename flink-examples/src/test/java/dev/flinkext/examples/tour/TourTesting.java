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

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tour's ITCases share: a small run, the cluster it runs on, and its check. */
final class TourTesting {

    /** 20,000 events over 200 keys in about a second, checkpointing every 100 ms. */
    static final TourParams PARAMS =
            new TourParams(20_000, 200, 4, 2, 20_000, Duration.ofMillis(100), 2, true);

    private TourTesting() {}

    /**
     * A run of {@link #PARAMS} with its injected failure: recovered, every key exact, restored from
     * a checkpoint taken after real progress, with the pause, quiet and final checkpoints.
     */
    static void assertRecoveredExactlyOnce(RunReport report) {
        assertThat(report.problems()).isEmpty();
        assertThat(report.verifiedKeys()).isEqualTo(TourTesting.PARAMS.keys());
        assertThat(report.verified()).isTrue();
        assertThat(report.recovery()).as("a failure was injected and recovered").isNotNull();
        assertThat(report.restoredFrom()).isNotNull();
        // The failure came after real progress: the restored checkpoint holds about half the
        // state, not the empty state of a job that failed on its first record.
        assertThat(report.restoredBytes()).isGreaterThan(report.lastFullBytes() / 4);
        // The pause checkpoint, at least one quiet one, and the final one.
        assertThat(report.completedCheckpoints()).isGreaterThanOrEqualTo(3);
    }

    /**
     * A migration's second job: exact, restored from the first job's retained checkpoint, and run
     * under the (state backend, checkpoint storage) the JobManager resolved for the configuration
     * migrated to.
     */
    static void assertMigrated(
            RunReport report, Migration migration, Path checkpoints, List<String> resolved) {
        assertThat(report.problems()).isEmpty();
        assertThat(report.verified()).isTrue();
        assertThat(report.restoredFrom())
                .as("restored from the first job's retained checkpoint")
                .contains(checkpoints.resolve(migration.directoryName()).toString())
                .contains("/chk-");
        assertThat(List.of(report.stateBackend(), report.checkpointStorage())).isEqualTo(resolved);
    }

    static MiniClusterExtension miniCluster() {
        return miniCluster(new Configuration());
    }

    /** As {@link #miniCluster()}, with {@code conf} on top (e.g. more retained checkpoints). */
    static MiniClusterExtension miniCluster(Configuration more) {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(128));
        conf.addAll(more);
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(PARAMS.parallelism())
                        .build());
    }
}
