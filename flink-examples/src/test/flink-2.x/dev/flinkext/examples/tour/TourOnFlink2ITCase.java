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

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_HASHMAP_FILESYSTEM;
import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_HASHMAP_JOBMANAGER;
import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_ROCKSDB_FULL;
import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_ROCKSDB_INCREMENTAL;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_HASHMAP;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_ROCKSDB;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_ROCKSDB_CHANGELOG;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_TIERED_STORAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 2.x tour on Flink 2.3: every configuration-only row, each from its own {@code config.yaml}
 * read by Flink's loader, fails once after a completed checkpoint, recovers, and every key's five
 * keyed states come out exactly right; the JobManager resolved the backend and storage the row
 * names; and the retained checkpoints of the migrations restore under the other configuration.
 */
class TourOnFlink2ITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    // Class-wide, so that it is deleted after the cluster has stopped discarding checkpoints.
    @TempDir static Path checkpoints;

    private static final String EMBEDDED_ROCKSDB = "EmbeddedRocksDBStateBackend";
    private static final String HASHMAP = "HashMapStateBackend";
    private static final String FILESYSTEM_STORAGE = "FileSystemCheckpointStorage";
    private static final String JOBMANAGER_STORAGE = "JobManagerCheckpointStorage";

    /** (state backend, checkpoint storage) as the JobManager must resolve each configuration. */
    static final Map<TourConfiguration, List<String>> RESOLVED =
            Map.of(
                    CONFIG_ROCKSDB_INCREMENTAL, List.of(EMBEDDED_ROCKSDB, FILESYSTEM_STORAGE),
                    CONFIG_ROCKSDB_FULL, List.of(EMBEDDED_ROCKSDB, FILESYSTEM_STORAGE),
                    CONFIG_HASHMAP_FILESYSTEM, List.of(HASHMAP, FILESYSTEM_STORAGE),
                    CONFIG_HASHMAP_JOBMANAGER, List.of(HASHMAP, JOBMANAGER_STORAGE),
                    FLINKEXT_HASHMAP,
                            List.of("InstrumentedHashMapStateBackend", FILESYSTEM_STORAGE),
                    FLINKEXT_ROCKSDB,
                            List.of("InstrumentedRocksDBStateBackend", FILESYSTEM_STORAGE),
                    // The changelog backend wraps the instrumented one; Flink names the root.
                    FLINKEXT_ROCKSDB_CHANGELOG,
                            List.of("InstrumentedRocksDBStateBackend", FILESYSTEM_STORAGE),
                    // Half the state inline (256 KiB budget per task), the rest spilled to files.
                    FLINKEXT_TIERED_STORAGE, List.of(HASHMAP, "TieredCheckpointStorage"));

    private static final Set<TourConfiguration> INCREMENTAL =
            EnumSet.of(CONFIG_ROCKSDB_INCREMENTAL, FLINKEXT_ROCKSDB, FLINKEXT_ROCKSDB_CHANGELOG);

    @ParameterizedTest
    @EnumSource(TourConfiguration.class)
    void recoversExactlyOnce(
            TourConfiguration configuration, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        RunReport report =
                new TourRunner(cluster, TourTesting.PARAMS, checkpoints, System.out)
                        .run(configuration);

        TourTesting.assertRecoveredExactlyOnce(report);
        assertThat(List.of(report.stateBackend(), report.checkpointStorage()))
                .isEqualTo(RESOLVED.get(configuration));
        if (INCREMENTAL.contains(configuration)) {
            assertThat(report.allCheckpointedBytes()).isLessThan(report.allFullBytes());
        } else {
            assertThat(report.allCheckpointedBytes()).isEqualTo(report.allFullBytes());
        }

        // The run's keys went through a config.yaml in Flink 2's nested YAML.
        Path directory = checkpoints.resolve(configuration.name());
        String dir =
                checkpoints.toUri().toString().replaceAll("/$", "") + "/" + directory.getFileName();
        String yaml = Files.readString(directory.resolve("conf/config.yaml"));
        assertThat(yaml)
                .startsWith("execution:\n  checkpointing:\n")
                .contains("\n  backend:\n    type: ")
                .doesNotContain("state.backend");
        for (String value : configuration.keys().values()) {
            assertThat(yaml).contains(value.replace(TourRow.DIR, dir));
        }
        // Checkpoints in the JobManager's memory leave nothing but the configuration there.
        try (Stream<Path> files = Files.list(directory)) {
            List<String> written =
                    files.map(p -> p.getFileName().toString())
                            .filter(name -> !name.equals("conf"))
                            .toList();
            if (configuration == CONFIG_HASHMAP_JOBMANAGER) {
                assertThat(written).as("checkpoint folders in %s", directory).isEmpty();
            } else {
                assertThat(written).as("checkpoint folders in %s", directory).isNotEmpty();
            }
        }
    }

    static Stream<Migration> migrations() {
        return Migration.all().stream();
    }

    @ParameterizedTest
    @MethodSource("migrations")
    void retainedCheckpointRestoresUnderTheOtherConfiguration(
            Migration migration, @InjectMiniCluster MiniCluster cluster) throws Exception {
        RunReport report =
                new TourRunner(cluster, TourTesting.PARAMS, checkpoints, System.out)
                        .migrate(migration);

        TourTesting.assertMigrated(report, migration, checkpoints, RESOLVED.get(migration.to()));
    }

    @Test
    void everyConfigurationHasAnExpectation() {
        assertThat(RESOLVED.keySet()).containsExactlyInAnyOrder(TourConfiguration.values());
    }
}
