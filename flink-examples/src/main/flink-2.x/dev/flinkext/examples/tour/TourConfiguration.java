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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateBackendOptions;

import java.util.List;
import java.util.Map;

/**
 * Flink 2.x adapter: the tour's rows on Flink 2.x: the configuration-only ones, each a set of
 * {@code config.yaml} keys. What differs from the 1.20 line's {@code TourConfiguration}: Flink 2.0
 * removed the pre-1.14 backends, {@code setStateBackend} and {@code setCheckpointStorage}, so the
 * rows that set a backend in code, the precedence row and the deprecated keys ({@code
 * state.backend: filesystem}) exist on 1.20 only; the full-checkpoint RocksDB row, which 1.20 sets
 * in code, is a configuration row here.
 */
@PublicEvolving
public enum TourConfiguration implements TourRow {
    CONFIG_ROCKSDB_INCREMENTAL("config-rocksdb-incr", ConfigurationRows.ROCKSDB_INCREMENTAL),
    CONFIG_ROCKSDB_FULL(
            "config-rocksdb-full",
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(), "rocksdb",
                    CheckpointingOptions.INCREMENTAL_CHECKPOINTS.key(), "false",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), TourRow.DIR)),
    CONFIG_HASHMAP_FILESYSTEM("config-hashmap-fs", ConfigurationRows.HASHMAP_FILESYSTEM),
    CONFIG_HASHMAP_JOBMANAGER("config-hashmap-jm", ConfigurationRows.HASHMAP_JOBMANAGER),
    FLINKEXT_HASHMAP("flinkext-hashmap", ConfigurationRows.FLINKEXT_HASHMAP),
    FLINKEXT_ROCKSDB("flinkext-rocksdb", ConfigurationRows.FLINKEXT_ROCKSDB),
    FLINKEXT_ROCKSDB_CHANGELOG("flinkext-changelog", ConfigurationRows.FLINKEXT_ROCKSDB_CHANGELOG),
    FLINKEXT_TIERED_STORAGE("flinkext-tiered", ConfigurationRows.FLINKEXT_TIERED_STORAGE);

    /**
     * No lock-in on 2.x either: Flink's own backend to the pack's and back, and the tiered
     * storage's checkpoint (partly inline, partly in files) with Flink's filesystem storage.
     */
    static List<Migration> migrations() {
        return List.of(
                new Migration(CONFIG_ROCKSDB_INCREMENTAL, FLINKEXT_ROCKSDB),
                new Migration(FLINKEXT_HASHMAP, CONFIG_HASHMAP_FILESYSTEM),
                new Migration(FLINKEXT_TIERED_STORAGE, CONFIG_HASHMAP_FILESYSTEM));
    }

    private final String shortName;
    private final Map<String, String> keys;

    TourConfiguration(String shortName, Map<String, String> keys) {
        this.shortName = shortName;
        this.keys = keys;
    }

    @Override
    public String shortName() {
        return shortName;
    }

    @Override
    public String description() {
        return TourRow.describe(keys);
    }

    @Override
    public Map<String, String> keys() {
        return keys;
    }
}
