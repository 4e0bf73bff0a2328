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

import dev.flinkext.migrate.ConfigMigrator.Migration;
import dev.flinkext.migrate.MigrationProof;
import dev.flinkext.migrate.MigrationTarget;

import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flinkext migrate-config} on every configuration-only row of the tour, written as the
 * {@code flink-conf.yaml} a user would have: for 1.20 and 2.x the migrated file builds the same
 * state backend and checkpoint storage in Flink 1.20 (the pack's own factories included), every
 * other option reads the same, no deprecated key is left and unknown keys are kept ({@link
 * MigrationProof}).
 */
class TourConfigurationMigrationTest {

    @TempDir static Path work;

    static Stream<TourConfiguration> configurationOnlyRows() {
        return Arrays.stream(TourConfiguration.values()).filter(row -> !keys(row).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurationOnlyRows")
    void migratedRowBuildsTheSameStateBackendAndStorage(TourConfiguration row) throws Exception {
        StringBuilder flinkConf = new StringBuilder("# tour row ").append(row.label()).append('\n');
        keys(row).forEach((k, v) -> flinkConf.append(k).append(": ").append(v).append('\n'));
        for (MigrationTarget target : MigrationTarget.values()) {
            Migration migration =
                    MigrationProof.check(
                            row.label(),
                            flinkConf.toString(),
                            "flink-conf.yaml",
                            target,
                            work,
                            getClass().getClassLoader());
            assertThat(migration.changesAnything())
                    .as("%s needs migrating only if it uses deprecated keys", row.label())
                    .isEqualTo(row == TourConfiguration.CONFIG_DEPRECATED_KEYS);
        }
    }

    private static Map<String, String> keys(TourConfiguration row) {
        Configuration conf = new Configuration();
        row.configure(conf, "file://" + work.resolve("checkpoints"));
        return new TreeMap<>(conf.toMap());
    }
}
