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
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
import org.apache.flink.runtime.state.filesystem.FsStateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.memory.MemoryStateBackend;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Flink 1.20 adapter: the tour's rows on this line (the 2.x version has the configuration-only
 * ones). The state-backend / checkpoint-storage configurations that Flink users meet, each as a
 * user writes it: in code before Flink 1.14, in code since 1.14, or in {@code flink-conf.yaml}
 * only.
 *
 * <p>Each constant knows how to apply itself to a job: {@link #configure} sets configuration keys
 * (what a {@code flink-conf.yaml} would hold), {@link #applyInCode} calls the Java API. This is the
 * Flink 1.20 line's list of rows; the 2.x line's {@code TourConfiguration} has the
 * configuration-only rows only (Flink 2.0 removed the pre-1.14 classes and the setters).
 */
@PublicEvolving
@SuppressWarnings("deprecation") // The pre-1.14 classes are the point of half of these rows.
public enum TourConfiguration implements TourRow {
    LEGACY_ROCKSDB_INCREMENTAL(
            "legacy-rocksdb-incr",
            "new RocksDBStateBackend(dir, true)",
            (env, dir) -> env.setStateBackend(new RocksDBStateBackend(dir, true))),
    LEGACY_ROCKSDB_FULL(
            "legacy-rocksdb-full",
            "new RocksDBStateBackend(dir, false)",
            (env, dir) -> env.setStateBackend(new RocksDBStateBackend(dir, false))),
    LEGACY_FILESYSTEM(
            "legacy-fs",
            "new FsStateBackend(dir)",
            (env, dir) -> env.setStateBackend(new FsStateBackend(dir))),
    LEGACY_MEMORY(
            "legacy-memory",
            "new MemoryStateBackend()",
            (env, dir) -> env.setStateBackend(new MemoryStateBackend())),
    ROCKSDB_INCREMENTAL(
            "rocksdb-incr",
            "new EmbeddedRocksDBStateBackend(true) + setCheckpointStorage(dir)",
            (env, dir) -> {
                env.setStateBackend(new EmbeddedRocksDBStateBackend(true));
                env.getCheckpointConfig().setCheckpointStorage(dir);
            }),
    ROCKSDB_FULL(
            "rocksdb-full",
            "new EmbeddedRocksDBStateBackend(false) + setCheckpointStorage(dir)",
            (env, dir) -> {
                env.setStateBackend(new EmbeddedRocksDBStateBackend(false));
                env.getCheckpointConfig().setCheckpointStorage(dir);
            }),
    HASHMAP_FILESYSTEM(
            "hashmap-fs",
            "new HashMapStateBackend() + setCheckpointStorage(dir)",
            (env, dir) -> {
                env.setStateBackend(new HashMapStateBackend());
                env.getCheckpointConfig().setCheckpointStorage(dir);
            }),
    HASHMAP_JOBMANAGER(
            "hashmap-jm",
            "new HashMapStateBackend() + new JobManagerCheckpointStorage()",
            (env, dir) -> {
                env.setStateBackend(new HashMapStateBackend());
                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage());
            }),
    CONFIG_ROCKSDB_INCREMENTAL("config-rocksdb-incr", ConfigurationRows.ROCKSDB_INCREMENTAL),
    CONFIG_HASHMAP_FILESYSTEM("config-hashmap-fs", ConfigurationRows.HASHMAP_FILESYSTEM),
    CONFIG_HASHMAP_JOBMANAGER("config-hashmap-jm", ConfigurationRows.HASHMAP_JOBMANAGER),
    CONFIG_DEPRECATED_KEYS(
            "config-deprecated",
            // Spelled out on purpose: these are the keys of Flink 1.13 and earlier, which
            // Flink 1.20 still maps onto the new options.
            Map.of(
                    "state.backend", "filesystem",
                    "state.checkpoints.dir", TourConfiguration.DIR,
                    "state.backend.incremental", "true")),
    PRECEDENCE_LEGACY_BACKEND_WINS(
            "precedence",
            "new MemoryStateBackend() + setCheckpointStorage(dir)",
            (env, dir) -> {
                // Flink uses the legacy backend as the storage, too, and only logs a warning:
                // these checkpoints never reach dir.
                env.setStateBackend(new MemoryStateBackend());
                env.getCheckpointConfig().setCheckpointStorage(dir);
            }),
    FLINKEXT_HASHMAP("flinkext-hashmap", ConfigurationRows.FLINKEXT_HASHMAP),
    FLINKEXT_ROCKSDB("flinkext-rocksdb", ConfigurationRows.FLINKEXT_ROCKSDB),
    FLINKEXT_ROCKSDB_CHANGELOG("flinkext-changelog", ConfigurationRows.FLINKEXT_ROCKSDB_CHANGELOG),
    FLINKEXT_TIERED_STORAGE("flinkext-tiered", ConfigurationRows.FLINKEXT_TIERED_STORAGE);

    /**
     * The migrations the tour proves: each pre-1.14 configuration to its 1.14+ equivalent, and no
     * lock-in: a checkpoint of Flink's own backend restores into the pack's instrumented one, one
     * of the instrumented backend into Flink's own, and one of the tiered storage (partly inline,
     * partly in files) with Flink's filesystem storage.
     */
    static List<Migration> migrations() {
        return List.of(
                new Migration(LEGACY_FILESYSTEM, HASHMAP_FILESYSTEM),
                new Migration(LEGACY_ROCKSDB_INCREMENTAL, ROCKSDB_INCREMENTAL),
                new Migration(LEGACY_ROCKSDB_FULL, ROCKSDB_FULL),
                new Migration(CONFIG_ROCKSDB_INCREMENTAL, FLINKEXT_ROCKSDB),
                new Migration(FLINKEXT_HASHMAP, CONFIG_HASHMAP_FILESYSTEM),
                new Migration(FLINKEXT_TIERED_STORAGE, CONFIG_HASHMAP_FILESYSTEM));
    }

    @FunctionalInterface
    interface CodeSetup {
        void apply(StreamExecutionEnvironment env, String checkpointDir) throws IOException;
    }

    private final String shortName;
    private final String description;
    private final CodeSetup codeSetup;
    private final Map<String, String> keys;

    TourConfiguration(String shortName, String description, CodeSetup codeSetup) {
        this.shortName = shortName;
        this.description = description;
        this.codeSetup = codeSetup;
        this.keys = Map.of();
    }

    TourConfiguration(String shortName, Map<String, String> keys) {
        this.shortName = shortName;
        this.keys = keys;
        this.codeSetup = (env, dir) -> {};
        this.description = TourRow.describe(keys);
    }

    @Override
    public String shortName() {
        return shortName;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, String> keys() {
        return keys;
    }

    @Override
    public void applyInCode(StreamExecutionEnvironment env, String checkpointDir)
            throws IOException {
        codeSetup.apply(env, checkpointDir);
    }
}
