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
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.CheckpointStorageLoader;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.runtime.state.filesystem.FsStateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.memory.MemoryStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;

import javax.annotation.Nullable;

import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The state backend and checkpoint storage Flink 1.20 builds from a configuration, through its own
 * {@code StateBackendLoader} and {@code CheckpointStorageLoader}, in terms that compare across the
 * legacy and the current classes: a legacy backend that is its own storage counts as the backend
 * and the storage it stands for ({@code MemoryStateBackend} as {@code HashMapStateBackend} with
 * {@code JobManagerCheckpointStorage}, {@code FsStateBackend} as {@code HashMapStateBackend} with
 * {@code FileSystemCheckpointStorage}, {@code RocksDBStateBackend} as {@code
 * EmbeddedRocksDBStateBackend} with {@code FileSystemCheckpointStorage}), as Flink's deprecation
 * notes on those classes say.
 *
 * @param backend the backend's class name
 * @param incremental whether checkpoints are incremental: the backend's own flag where it has one,
 *     else the configured {@code execution.checkpointing.incremental}
 * @param storage the storage's class name
 * @param checkpointDir where checkpoints go, or null
 * @param savepointDir where savepoints go by default, or null
 * @param inlineThreshold up to which size state is inlined into the metadata, for filesystem
 *     storage (else null)
 */
@Internal
public record StateSetup(
        String backend,
        boolean incremental,
        String storage,
        @Nullable String checkpointDir,
        @Nullable String savepointDir,
        @Nullable Integer inlineThreshold) {

    /** What Flink 1.20 builds from the configuration file in {@code configDir}. */
    public static StateSetup load(Path configDir, ClassLoader classLoader) throws Exception {
        return of(GlobalConfiguration.loadConfiguration(configDir.toString()), classLoader);
    }

    /** What Flink 1.20 builds from {@code conf} as a cluster's configuration. */
    @SuppressWarnings("deprecation") // The legacy classes are what is being compared.
    public static StateSetup of(Configuration conf, ClassLoader classLoader) throws Exception {
        StateBackend backend =
                StateBackendLoader.loadStateBackendFromConfig(conf, classLoader, null);
        CheckpointStorage storage =
                CheckpointStorageLoader.load(
                        null, backend, new Configuration(), conf, classLoader, null);

        String backendName = backend.getClass().getName();
        if (backend instanceof MemoryStateBackend || backend instanceof FsStateBackend) {
            backendName = HashMapStateBackend.class.getName();
        } else if (backend instanceof RocksDBStateBackend) {
            backendName = EmbeddedRocksDBStateBackend.class.getName();
        }
        Object incremental = call(backend, "isIncrementalCheckpointsEnabled");
        boolean isIncremental =
                incremental instanceof Boolean
                        ? (Boolean) incremental
                        : conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS);

        Object storageObject = storage;
        if (storage instanceof RocksDBStateBackend) {
            storageObject = ((RocksDBStateBackend) storage).getCheckpointBackend();
        }
        String storageName = storageObject.getClass().getName();
        if (storageObject instanceof MemoryStateBackend) {
            storageName = JobManagerCheckpointStorage.class.getName();
        } else if (storageObject instanceof FsStateBackend) {
            storageName = FileSystemCheckpointStorage.class.getName();
        }
        Object threshold = call(storageObject, "getMinFileSizeThreshold");
        return new StateSetup(
                backendName,
                isIncremental,
                storageName,
                text(call(storageObject, "getCheckpointPath")),
                text(call(storageObject, "getSavepointPath")),
                threshold instanceof Integer ? (Integer) threshold : null);
    }

    /** One line for the report. */
    public String describe() {
        return simple(backend)
                + (incremental && !backend.equals(HashMapStateBackend.class.getName())
                        ? " (incremental)"
                        : "")
                + ", "
                + simple(storage)
                + (checkpointDir == null ? "" : " " + checkpointDir)
                + (savepointDir == null ? "" : ", savepoints " + savepointDir)
                + (inlineThreshold == null ? "" : ", inline up to " + inlineThreshold + " bytes");
    }

    private static String simple(String className) {
        return className.startsWith("org.apache.flink.")
                ? className.substring(className.lastIndexOf('.') + 1)
                : className;
    }

    @Nullable
    private static Object call(Object target, String getter) {
        try {
            Method method = target.getClass().getMethod(getter);
            return method.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Nullable
    private static String text(@Nullable Object value) {
        return value == null ? null : value.toString();
    }
}
