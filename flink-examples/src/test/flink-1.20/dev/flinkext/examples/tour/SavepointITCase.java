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

import org.apache.flink.core.execution.RestoreMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Savepoints of both formats move state between Flink's plain backends and the pack's instrumented
 * ones, in both directions and both restore modes, with exact results.
 */
class SavepointITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    @TempDir static Path checkpoints;

    /** Slow enough that the savepoint is taken while the job still runs. */
    private static final TourParams PARAMS =
            new TourParams(20_000, 200, 4, 2, 5_000, Duration.ofMillis(100), 2, false);

    static Stream<Arguments> savepoints() {
        return Stream.of(
                Arguments.of(
                        TourConfiguration.CONFIG_ROCKSDB_INCREMENTAL,
                        TourConfiguration.FLINKEXT_ROCKSDB,
                        SavepointFormatType.NATIVE,
                        RestoreMode.CLAIM),
                Arguments.of(
                        TourConfiguration.FLINKEXT_ROCKSDB,
                        TourConfiguration.CONFIG_ROCKSDB_INCREMENTAL,
                        SavepointFormatType.CANONICAL,
                        RestoreMode.NO_CLAIM),
                Arguments.of(
                        TourConfiguration.CONFIG_HASHMAP_FILESYSTEM,
                        TourConfiguration.FLINKEXT_HASHMAP,
                        SavepointFormatType.CANONICAL,
                        RestoreMode.CLAIM),
                Arguments.of(
                        TourConfiguration.FLINKEXT_HASHMAP,
                        TourConfiguration.FLINKEXT_ROCKSDB,
                        SavepointFormatType.CANONICAL,
                        RestoreMode.NO_CLAIM));
    }

    @ParameterizedTest(name = "{0} -> {1}, {2} savepoint, {3}")
    @MethodSource("savepoints")
    void restoresExactly(
            TourConfiguration from,
            TourConfiguration to,
            SavepointFormatType format,
            RestoreMode restoreMode,
            @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        RunReport report =
                new TourRunner(cluster, PARAMS, checkpoints, System.out)
                        .migrateBySavepoint(new Migration(from, to), format, restoreMode);

        assertThat(report.problems()).isEmpty();
        assertThat(report.verified()).isTrue();
        assertThat(report.restoredFrom()).contains("savepoint-");
        assertThat(new String[] {report.stateBackend(), report.checkpointStorage()})
                .containsExactly(TourConfigurationITCase.RESOLVED.get(to));
    }
}
