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

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory;
import dev.flinkext.state.rocksdb.RocksDBProfileOptions;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;

import java.util.Map;

/**
 * The keys of the configuration-only rows, which both Flink lines run: the same keys in a 1.20
 * {@code flink-conf.yaml} and a 2.x {@code config.yaml}. Each line's {@code TourConfiguration}
 * names its rows with these.
 */
@Internal
public final class ConfigurationRows {

    private ConfigurationRows() {}

    /** Flink's RocksDB backend, incremental checkpoints to a directory. */
    public static final Map<String, String> ROCKSDB_INCREMENTAL =
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(), "rocksdb",
                    CheckpointingOptions.INCREMENTAL_CHECKPOINTS.key(), "true",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), TourRow.DIR);

    /** Flink's heap backend with the filesystem storage. */
    public static final Map<String, String> HASHMAP_FILESYSTEM =
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(), "hashmap",
                    CheckpointingOptions.CHECKPOINT_STORAGE.key(), "filesystem",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), TourRow.DIR);

    /** Flink's heap backend with checkpoints in the JobManager's memory. */
    public static final Map<String, String> HASHMAP_JOBMANAGER =
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(), "hashmap",
                    CheckpointingOptions.CHECKPOINT_STORAGE.key(), "jobmanager");

    /** The pack's instrumented heap backend, by its factory's class name. */
    public static final Map<String, String> FLINKEXT_HASHMAP =
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(),
                    InstrumentedHashMapStateBackendFactory.class.getName(),
                    CheckpointingOptions.CHECKPOINT_STORAGE.key(),
                    "filesystem",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    TourRow.DIR);

    /** The pack's instrumented RocksDB backend with a workload profile and local recovery. */
    public static final Map<String, String> FLINKEXT_ROCKSDB =
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(),
                    InstrumentedRocksDBStateBackendFactory.class.getName(),
                    RocksDBProfileOptions.PROFILE.key(),
                    "write-heavy",
                    CheckpointingOptions.INCREMENTAL_CHECKPOINTS.key(),
                    "true",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    TourRow.DIR,
                    CheckpointingOptions.LOCAL_BACKUP_ENABLED.key(),
                    "true",
                    StateRecoveryOptions.LOCAL_RECOVERY.key(),
                    "true");

    /** The instrumented RocksDB backend wrapped by Flink's changelog backend. */
    public static final Map<String, String> FLINKEXT_ROCKSDB_CHANGELOG =
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(),
                    InstrumentedRocksDBStateBackendFactory.class.getName(),
                    StateChangelogOptions.ENABLE_STATE_CHANGE_LOG.key(),
                    "true",
                    "dstl.dfs.base-path",
                    TourRow.DIR + "/changelog",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    TourRow.DIR);

    /** Flink's heap backend with the pack's tiered storage: 256 KiB inline, the rest in files. */
    public static final Map<String, String> FLINKEXT_TIERED_STORAGE =
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(),
                    "hashmap",
                    CheckpointingOptions.CHECKPOINT_STORAGE.key(),
                    TieredCheckpointStorageFactory.class.getName(),
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    TourRow.DIR,
                    TieredCheckpointStorageOptions.MEMORY_BUDGET.key(),
                    "256kb");
}
