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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_DEPRECATED_KEYS;
import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_HASHMAP_FILESYSTEM;
import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_HASHMAP_JOBMANAGER;
import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_ROCKSDB_INCREMENTAL;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_HASHMAP;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_ROCKSDB;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_ROCKSDB_CHANGELOG;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_TIERED_STORAGE;
import static dev.flinkext.examples.tour.TourConfiguration.HASHMAP_FILESYSTEM;
import static dev.flinkext.examples.tour.TourConfiguration.HASHMAP_JOBMANAGER;
import static dev.flinkext.examples.tour.TourConfiguration.LEGACY_FILESYSTEM;
import static dev.flinkext.examples.tour.TourConfiguration.LEGACY_MEMORY;
import static dev.flinkext.examples.tour.TourConfiguration.LEGACY_ROCKSDB_FULL;
import static dev.flinkext.examples.tour.TourConfiguration.LEGACY_ROCKSDB_INCREMENTAL;
import static dev.flinkext.examples.tour.TourConfiguration.PRECEDENCE_LEGACY_BACKEND_WINS;
import static dev.flinkext.examples.tour.TourConfiguration.ROCKSDB_FULL;
import static dev.flinkext.examples.tour.TourConfiguration.ROCKSDB_INCREMENTAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tour configuration, one test each: the job fails once after a completed checkpoint,
 * recovers, and every key's five keyed states come out exactly right. Also checks what Flink
 * resolved the configuration to, and which configurations checkpoint incrementally.
 */
class TourConfigurationITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    // Class-wide, so that it is deleted after the cluster has stopped discarding checkpoints.
    @TempDir static Path checkpoints;

    private static final String ROCKSDB = "RocksDBStateBackend";
    private static final String EMBEDDED_ROCKSDB = "EmbeddedRocksDBStateBackend";
    private static final String HASHMAP = "HashMapStateBackend";
    private static final String FS = "FsStateBackend";
    private static final String MEMORY = "MemoryStateBackend";
    private static final String FILESYSTEM_STORAGE = "FileSystemCheckpointStorage";
    private static final String INSTRUMENTED_HASHMAP = "InstrumentedHashMapStateBackend";
    private static final String INSTRUMENTED_ROCKSDB = "InstrumentedRocksDBStateBackend";
    private static final String JOBMANAGER_STORAGE = "JobManagerCheckpointStorage";

    /** (state backend, checkpoint storage) as the JobManager must resolve each configuration. */
    static final Map<TourConfiguration, String[]> RESOLVED =
            Map.ofEntries(
                    Map.entry(LEGACY_ROCKSDB_INCREMENTAL, new String[] {ROCKSDB, ROCKSDB}),
                    Map.entry(LEGACY_ROCKSDB_FULL, new String[] {ROCKSDB, ROCKSDB}),
                    Map.entry(LEGACY_FILESYSTEM, new String[] {FS, FS}),
                    Map.entry(LEGACY_MEMORY, new String[] {MEMORY, MEMORY}),
                    Map.entry(
                            ROCKSDB_INCREMENTAL,
                            new String[] {EMBEDDED_ROCKSDB, FILESYSTEM_STORAGE}),
                    Map.entry(ROCKSDB_FULL, new String[] {EMBEDDED_ROCKSDB, FILESYSTEM_STORAGE}),
                    Map.entry(HASHMAP_FILESYSTEM, new String[] {HASHMAP, FILESYSTEM_STORAGE}),
                    Map.entry(HASHMAP_JOBMANAGER, new String[] {HASHMAP, JOBMANAGER_STORAGE}),
                    Map.entry(
                            CONFIG_ROCKSDB_INCREMENTAL,
                            new String[] {EMBEDDED_ROCKSDB, FILESYSTEM_STORAGE}),
                    Map.entry(
                            CONFIG_HASHMAP_FILESYSTEM, new String[] {HASHMAP, FILESYSTEM_STORAGE}),
                    Map.entry(
                            CONFIG_HASHMAP_JOBMANAGER, new String[] {HASHMAP, JOBMANAGER_STORAGE}),
                    // Flink 1.20 maps the 1.13 name "filesystem" onto the 1.14 split.
                    Map.entry(CONFIG_DEPRECATED_KEYS, new String[] {HASHMAP, FILESYSTEM_STORAGE}),
                    // The legacy backend is its own storage; setCheckpointStorage(dir) is ignored.
                    Map.entry(PRECEDENCE_LEGACY_BACKEND_WINS, new String[] {MEMORY, MEMORY}),
                    Map.entry(
                            FLINKEXT_HASHMAP,
                            new String[] {INSTRUMENTED_HASHMAP, FILESYSTEM_STORAGE}),
                    Map.entry(
                            FLINKEXT_ROCKSDB,
                            new String[] {INSTRUMENTED_ROCKSDB, FILESYSTEM_STORAGE}),
                    // The changelog backend wraps the instrumented one; Flink names the root.
                    Map.entry(
                            FLINKEXT_ROCKSDB_CHANGELOG,
                            new String[] {INSTRUMENTED_ROCKSDB, FILESYSTEM_STORAGE}),
                    // Half the state inline (256 KiB budget per task), the rest spilled to files.
                    Map.entry(
                            FLINKEXT_TIERED_STORAGE,
                            new String[] {HASHMAP, "TieredCheckpointStorage"}));

    /**
     * Only RocksDB's incremental checkpoints and the changelog upload less than the full state;
     * state.backend.incremental on heap is moot.
     */
    private static final Set<TourConfiguration> INCREMENTAL =
            EnumSet.of(
                    LEGACY_ROCKSDB_INCREMENTAL,
                    ROCKSDB_INCREMENTAL,
                    CONFIG_ROCKSDB_INCREMENTAL,
                    FLINKEXT_ROCKSDB,
                    FLINKEXT_ROCKSDB_CHANGELOG);

    /** Configurations whose checkpoints never touch the checkpoint directory. */
    private static final Set<TourConfiguration> IN_JOBMANAGER_MEMORY =
            EnumSet.of(
                    LEGACY_MEMORY,
                    HASHMAP_JOBMANAGER,
                    CONFIG_HASHMAP_JOBMANAGER,
                    PRECEDENCE_LEGACY_BACKEND_WINS);

    @ParameterizedTest
    @EnumSource(TourConfiguration.class)
    void recoversExactlyOnce(
            TourConfiguration configuration, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        RunReport report =
                new TourRunner(cluster, TourTesting.PARAMS, checkpoints, System.out)
                        .run(configuration);

        TourTesting.assertRecoveredExactlyOnce(report);

        assertThat(new String[] {report.stateBackend(), report.checkpointStorage()})
                .containsExactly(RESOLVED.get(configuration));

        if (INCREMENTAL.contains(configuration)) {
            assertThat(report.allCheckpointedBytes()).isLessThan(report.allFullBytes());
        } else {
            assertThat(report.allCheckpointedBytes()).isEqualTo(report.allFullBytes());
        }

        Path directory = checkpoints.resolve(configuration.name());
        assertThat(Files.exists(directory))
                .as("checkpoint directory %s used", directory)
                .isEqualTo(!IN_JOBMANAGER_MEMORY.contains(configuration));
    }

    @Test
    void everyConfigurationHasAnExpectation() {
        assertThat(RESOLVED.keySet()).containsExactlyInAnyOrder(TourConfiguration.values());
    }
}
