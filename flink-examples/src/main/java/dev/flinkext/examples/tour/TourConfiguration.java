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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
import org.apache.flink.runtime.state.filesystem.FsStateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.memory.MemoryStateBackend;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.util.Map;

/**
 * The state-backend / checkpoint-storage configurations that Flink users meet, each as a user
 * writes it: in code before Flink 1.14, in code since 1.14, or in {@code flink-conf.yaml} only.
 *
 * <p>Each constant knows how to apply itself to a job: {@link #configure} sets configuration keys
 * (what a {@code flink-conf.yaml} would hold), {@link #applyInCode} calls the Java API.
 */
@PublicEvolving
@SuppressWarnings("deprecation") // The pre-1.14 classes are the point of half of these rows.
public enum TourConfiguration {
    LEGACY_ROCKSDB_INCREMENTAL(
            "new RocksDBStateBackend(dir, true)",
            (env, dir) -> env.setStateBackend(new RocksDBStateBackend(dir, true))),
    LEGACY_ROCKSDB_FULL(
            "new RocksDBStateBackend(dir, false)",
            (env, dir) -> env.setStateBackend(new RocksDBStateBackend(dir, false))),
    LEGACY_FILESYSTEM(
            "new FsStateBackend(dir)", (env, dir) -> env.setStateBackend(new FsStateBackend(dir))),
    LEGACY_MEMORY(
            "new MemoryStateBackend()",
            (env, dir) -> env.setStateBackend(new MemoryStateBackend())),
    ROCKSDB_INCREMENTAL(
            "new EmbeddedRocksDBStateBackend(true) + setCheckpointStorage(dir)",
            (env, dir) -> {
                env.setStateBackend(new EmbeddedRocksDBStateBackend(true));
                env.getCheckpointConfig().setCheckpointStorage(dir);
            }),
    ROCKSDB_FULL(
            "new EmbeddedRocksDBStateBackend(false) + setCheckpointStorage(dir)",
            (env, dir) -> {
                env.setStateBackend(new EmbeddedRocksDBStateBackend(false));
                env.getCheckpointConfig().setCheckpointStorage(dir);
            }),
    HASHMAP_FILESYSTEM(
            "new HashMapStateBackend() + setCheckpointStorage(dir)",
            (env, dir) -> {
                env.setStateBackend(new HashMapStateBackend());
                env.getCheckpointConfig().setCheckpointStorage(dir);
            }),
    HASHMAP_JOBMANAGER(
            "new HashMapStateBackend() + new JobManagerCheckpointStorage()",
            (env, dir) -> {
                env.setStateBackend(new HashMapStateBackend());
                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage());
            }),
    CONFIG_ROCKSDB_INCREMENTAL(
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(), "rocksdb",
                    CheckpointingOptions.INCREMENTAL_CHECKPOINTS.key(), "true",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), TourConfiguration.DIR)),
    CONFIG_HASHMAP_FILESYSTEM(
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(), "hashmap",
                    CheckpointingOptions.CHECKPOINT_STORAGE.key(), "filesystem",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), TourConfiguration.DIR)),
    CONFIG_HASHMAP_JOBMANAGER(
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(), "hashmap",
                    CheckpointingOptions.CHECKPOINT_STORAGE.key(), "jobmanager")),
    CONFIG_DEPRECATED_KEYS(
            // Spelled out on purpose: these are the keys of Flink 1.13 and earlier, which
            // Flink 1.20 still maps onto the new options.
            Map.of(
                    "state.backend", "filesystem",
                    "state.checkpoints.dir", TourConfiguration.DIR,
                    "state.backend.incremental", "true")),
    PRECEDENCE_LEGACY_BACKEND_WINS(
            "new MemoryStateBackend() + setCheckpointStorage(dir)",
            (env, dir) -> {
                // Flink uses the legacy backend as the storage, too, and only logs a warning:
                // these checkpoints never reach dir.
                env.setStateBackend(new MemoryStateBackend());
                env.getCheckpointConfig().setCheckpointStorage(dir);
            }),
    FLINKEXT_HASHMAP(
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(),
                    InstrumentedHashMapStateBackendFactory.class.getName(),
                    CheckpointingOptions.CHECKPOINT_STORAGE.key(),
                    "filesystem",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    TourConfiguration.DIR)),
    FLINKEXT_ROCKSDB(
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(),
                    InstrumentedRocksDBStateBackendFactory.class.getName(),
                    RocksDBProfileOptions.PROFILE.key(),
                    "write-heavy",
                    CheckpointingOptions.INCREMENTAL_CHECKPOINTS.key(),
                    "true",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    TourConfiguration.DIR,
                    CheckpointingOptions.LOCAL_BACKUP_ENABLED.key(),
                    "true",
                    StateRecoveryOptions.LOCAL_RECOVERY.key(),
                    "true")),
    FLINKEXT_ROCKSDB_CHANGELOG(
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(),
                    InstrumentedRocksDBStateBackendFactory.class.getName(),
                    StateChangelogOptions.ENABLE_STATE_CHANGE_LOG.key(),
                    "true",
                    "dstl.dfs.base-path",
                    TourConfiguration.DIR + "/changelog",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    TourConfiguration.DIR)),
    FLINKEXT_TIERED_STORAGE(
            Map.of(
                    StateBackendOptions.STATE_BACKEND.key(),
                    "hashmap",
                    CheckpointingOptions.CHECKPOINT_STORAGE.key(),
                    TieredCheckpointStorageFactory.class.getName(),
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    TourConfiguration.DIR,
                    TieredCheckpointStorageOptions.MEMORY_BUDGET.key(),
                    "256kb"));

    /** Placeholder for the run's checkpoint directory in configuration values. */
    static final String DIR = "${dir}";

    @FunctionalInterface
    interface CodeSetup {
        void apply(StreamExecutionEnvironment env, String checkpointDir) throws IOException;
    }

    private final String description;
    private final CodeSetup codeSetup;
    private final Map<String, String> keys;

    TourConfiguration(String description, CodeSetup codeSetup) {
        this.description = description;
        this.codeSetup = codeSetup;
        this.keys = Map.of();
    }

    TourConfiguration(Map<String, String> keys) {
        this.keys = keys;
        this.codeSetup = (env, dir) -> {};
        StringBuilder text = new StringBuilder();
        keys.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e ->
                                text.append(text.length() == 0 ? "" : ", ")
                                        .append(e.getKey())
                                        .append(": ")
                                        .append(e.getValue().replace(DIR, "dir")));
        this.description = text.toString();
    }

    /** Row number in the tour, from 1. */
    public int number() {
        return ordinal() + 1;
    }

    /** The code or the {@code flink-conf.yaml} keys that make up this configuration. */
    public String description() {
        return description;
    }

    /** Sets this configuration's keys (the {@code flink-conf.yaml} part) into {@code conf}. */
    public void configure(Configuration conf, String checkpointDir) {
        keys.forEach((key, value) -> conf.setString(key, value.replace(DIR, checkpointDir)));
    }

    /** Applies this configuration's Java API calls (the in-code part) to {@code env}. */
    public void applyInCode(StreamExecutionEnvironment env, String checkpointDir)
            throws IOException {
        codeSetup.apply(env, checkpointDir);
    }
}
