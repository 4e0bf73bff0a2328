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
package dev.flinkext.migrate;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The rename table derived from Flink 1.20's own option definitions holds the known renames. */
class RenameTableTest {

    static final RenameTable FLINK_1_20 = RenameTable.of(OptionCatalog.ofClasspath());

    @Test
    void derivedTableHoldsTheKnownStateAndCheckpointingRenames() {
        Map<String, List<String>> renames = FLINK_1_20.renames();
        assertThat(renames)
                .contains(
                        entry("state.backend", List.of("state.backend.type")),
                        entry("state.checkpoints.dir", List.of("execution.checkpointing.dir")),
                        entry(
                                "state.backend.fs.checkpointdir",
                                List.of("execution.checkpointing.dir")),
                        entry(
                                "state.backend.incremental",
                                List.of("execution.checkpointing.incremental")),
                        entry(
                                "state.savepoints.dir",
                                List.of("execution.checkpointing.savepoint-dir")),
                        entry(
                                "state.checkpoint-storage",
                                List.of("execution.checkpointing.storage")),
                        entry(
                                "state.checkpoints.num-retained",
                                List.of("execution.checkpointing.num-retained")),
                        entry(
                                "state.backend.fs.memory-threshold",
                                List.of("execution.checkpointing.data-inline-threshold")),
                        entry(
                                "state.storage.fs.memory-threshold",
                                List.of("execution.checkpointing.data-inline-threshold")),
                        entry(
                                "state.backend.latency-track.keyed-state-enabled",
                                List.of("state.latency-track.keyed-state-enabled")),
                        entry(
                                "state.backend.latency-track.sample-interval",
                                List.of("state.latency-track.sample-interval")),
                        entry(
                                "state.backend.latency-track.history-size",
                                List.of("state.latency-track.history-size")),
                        entry(
                                "state.backend.latency-track.state-name-as-variable",
                                List.of("state.latency-track.state-name-as-variable")),
                        entry(
                                "state.backend.changelog.enabled",
                                List.of("state.changelog.enabled")),
                        entry(
                                "state.backend.rocksdb.checkpointdir",
                                List.of("state.backend.rocksdb.localdir")));
        // One old key, two current options that both list it as their deprecated key.
        assertThat(renames.get("state.backend.local-recovery"))
                .containsExactlyInAnyOrder(
                        "execution.state-recovery.from-local",
                        "execution.checkpointing.local-backup.enabled");
        System.out.printf(
                "%s: %d options, %d deprecated keys renamed%n",
                FLINK_1_20.catalog().source(),
                FLINK_1_20.catalog().definitions().size(),
                renames.size());
        assertThat(renames).hasSizeGreaterThan(100);
    }

    @Test
    void noRenamedKeyIsCurrentAndEveryTargetIsKnown() {
        FLINK_1_20
                .renames()
                .forEach(
                        (old, targets) -> {
                            assertThat(FLINK_1_20.isCurrent(old)).as(old).isFalse();
                            assertThat(targets).allMatch(FLINK_1_20::isKnown);
                        });
    }

    @Test
    void fallbackKeysThatAreNotDeprecatedAreNoRenames() {
        // execution.checkpointing.local-backup.enabled falls back to this live key.
        assertThat(FLINK_1_20.isCurrent("execution.state-recovery.from-local")).isTrue();
        assertThat(FLINK_1_20.replacementsOf("execution.state-recovery.from-local")).isEmpty();
        // rest.cache.checkpoint-statistics.timeout falls back to web.refresh-interval, which
        // stays a key of its own.
        assertThat(FLINK_1_20.replacementsOf("web.refresh-interval")).isEmpty();
    }

    @Test
    void keysDeprecatedWithoutReplacementAreTold() {
        assertThat(FLINK_1_20.deprecatedWithoutReplacement("state.backend.async"))
                .hasValueSatisfying(
                        d ->
                                assertThat(d.shortOrigin())
                                        .isEqualTo("CheckpointingOptions.ASYNC_SNAPSHOTS"));
        assertThat(FLINK_1_20.deprecatedWithoutReplacement("state.backend.incremental")).isEmpty();
        assertThat(FLINK_1_20.isKnown("flinkext.state.rocksdb.profile")).isFalse();
    }
}
