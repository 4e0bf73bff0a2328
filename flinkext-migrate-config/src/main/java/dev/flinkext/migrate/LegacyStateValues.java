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

import org.apache.flink.annotation.Internal;

import java.util.Optional;

/**
 * What Flink's option definitions cannot say: the meaning of the legacy <em>values</em> of {@code
 * state.backend} / {@code state.backend.type}. The options only know that the value is a string;
 * which backend and which checkpoint storage Flink 1.20 builds for it is in {@code
 * StateBackendLoader} and {@code CheckpointStorageLoader}. Each entry says why;
 * LegacyStateValuesTest checks each against Flink 1.20 and 2.3.0.
 */
@Internal
public final class LegacyStateValues {

    /** The legacy heap backend's factory: deprecated in 1.20, removed in 2.0. */
    public static final String MEMORY_FACTORY =
            "org.apache.flink.runtime.state.memory.MemoryStateBackendFactory";

    /** The legacy filesystem backend's factory: deprecated in 1.20, removed in 2.0. */
    public static final String FS_FACTORY =
            "org.apache.flink.runtime.state.filesystem.FsStateBackendFactory";

    /** The legacy RocksDB backend's factory: deprecated in 1.20, removed in 2.0. */
    public static final String ROCKSDB_FACTORY =
            "org.apache.flink.contrib.streaming.state.RocksDBStateBackendFactory";

    /** The RocksDB factory of Flink 1.x; in 2.x a deprecated shim of the one below. */
    public static final String EMBEDDED_ROCKSDB_FACTORY_1X =
            "org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackendFactory";

    /** Where Flink 2.x moved the RocksDB backend ({@code org.apache.flink.state.rocksdb}). */
    public static final String EMBEDDED_ROCKSDB_FACTORY_2X =
            "org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackendFactory";

    /** The RocksDB package of Flink 1.x. */
    public static final String ROCKSDB_PACKAGE_1X = "org.apache.flink.contrib.streaming.state.";

    /** The deprecated short names of Flink 1.20's {@code StateBackendLoader}. */
    public static final String MEMORY_NAME = "jobmanager";

    public static final String FS_NAME = "filesystem";

    /** What the checkpoint storage must be after a translation. */
    public enum Storage {
        /** {@code execution.checkpointing.storage: jobmanager}, whatever else the file sets. */
        JOBMANAGER,
        /** {@code execution.checkpointing.storage: filesystem}, whatever else the file sets. */
        FILESYSTEM,
        /**
         * As Flink 1.20 chooses for a backend that is not a storage: the storage the file sets;
         * else filesystem, written out, when a checkpoint directory is set; else none (Flink then
         * uses JobManager storage, as before).
         */
        FILESYSTEM_IF_DIRECTORY,
        /** The storage is not touched. */
        UNCHANGED
    }

    /**
     * A translation of a backend value.
     *
     * @param backend the new {@code state.backend.type} value
     * @param storage what the checkpoint storage must be
     * @param why the reason, for the report
     */
    public record Translation(String backend, Storage storage, String why) {}

    private LegacyStateValues() {}

    /** How {@code value} of {@code state.backend.type} migrates to {@code target}, if at all. */
    public static Optional<Translation> ofBackend(String value, MigrationTarget target) {
        String lower = value.trim().toLowerCase();
        if (lower.equals(MEMORY_NAME) || value.equals(MEMORY_FACTORY)) {
            return Optional.of(
                    new Translation(
                            "hashmap",
                            Storage.JOBMANAGER,
                            named(value)
                                    + " makes Flink 1.20 build the deprecated MemoryStateBackend (gone in"
                                    + " 2.0): heap state that is its own checkpoint storage in the"
                                    + " JobManager's memory, which overrides any storage set"
                                    + " elsewhere; hashmap with JobManager storage is the same"));
        }
        if (lower.equals(FS_NAME)) {
            return Optional.of(
                    new Translation(
                            "hashmap",
                            Storage.FILESYSTEM_IF_DIRECTORY,
                            "the short name 'filesystem' is deprecated in Flink 1.20 and gone in"
                                    + " 2.0; Flink 1.20 builds a HashMapStateBackend for it and"
                                    + " takes the storage from the configuration"));
        }
        if (value.equals(FS_FACTORY)) {
            return Optional.of(
                    new Translation(
                            "hashmap",
                            Storage.FILESYSTEM,
                            named(value)
                                    + " builds the deprecated FsStateBackend (gone in 2.0): heap"
                                    + " state that is its own filesystem checkpoint storage,"
                                    + " overriding any storage set elsewhere"));
        }
        if (value.equals(ROCKSDB_FACTORY)) {
            return Optional.of(
                    new Translation(
                            "rocksdb",
                            Storage.FILESYSTEM,
                            named(value)
                                    + " builds the deprecated RocksDBStateBackend (gone in 2.0):"
                                    + " RocksDB state that is its own filesystem checkpoint"
                                    + " storage, overriding any storage set elsewhere"));
        }
        if (target == MigrationTarget.FLINK_2 && value.equals(EMBEDDED_ROCKSDB_FACTORY_1X)) {
            return Optional.of(
                    new Translation(
                            "rocksdb",
                            Storage.UNCHANGED,
                            "Flink 2.x moved the RocksDB backend to org.apache.flink.state.rocksdb"
                                    + " and keeps this class only as a deprecated shim; the short"
                                    + " name 'rocksdb' builds the same backend on 1.20 and 2.x"));
        }
        return Optional.empty();
    }

    private static String named(String value) {
        return value.contains(".") ? value : "the short name '" + value + "'";
    }
}
