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

import javax.annotation.Nullable;

import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The state backend and checkpoint storage that Flink 2.3.0's own {@code GlobalConfiguration},
 * {@code StateBackendLoader} and {@code CheckpointStorageLoader} build from a configuration
 * directory, called by reflection inside {@link Flink2Classpath#loader()}.
 *
 * @param backend the backend's simple class name
 * @param incremental the backend's own flag where it has one, else the configured value
 * @param storage the storage's simple class name
 * @param checkpointDir where checkpoints go, or null
 * @param savepointDir where savepoints go, or null
 * @param inlineThreshold the filesystem storage's inline threshold, or null
 */
public record Flink2Setup(
        String backend,
        boolean incremental,
        String storage,
        @Nullable String checkpointDir,
        @Nullable String savepointDir,
        @Nullable Integer inlineThreshold) {

    /** What Flink 2.3.0 builds from the config.yaml in {@code configDir}. */
    public static Flink2Setup load(Path configDir) throws Exception {
        ClassLoader flink2 = Flink2Classpath.loader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(flink2);
        try {
            Class<?> global =
                    flink2.loadClass("org.apache.flink.configuration.GlobalConfiguration");
            Class<?> configuration =
                    flink2.loadClass("org.apache.flink.configuration.Configuration");
            Class<?> readable = flink2.loadClass("org.apache.flink.configuration.ReadableConfig");
            Class<?> logger = flink2.loadClass("org.slf4j.Logger");
            Object conf =
                    global.getMethod("loadConfiguration", String.class)
                            .invoke(null, configDir.toString());
            Object backend =
                    flink2.loadClass("org.apache.flink.runtime.state.StateBackendLoader")
                            .getMethod(
                                    "loadStateBackendFromConfig",
                                    readable,
                                    ClassLoader.class,
                                    logger)
                            .invoke(null, conf, flink2, null);
            Class<?> storageType =
                    flink2.loadClass("org.apache.flink.runtime.state.CheckpointStorage");
            Class<?> backendType = flink2.loadClass("org.apache.flink.runtime.state.StateBackend");
            Object storage =
                    flink2.loadClass("org.apache.flink.runtime.state.CheckpointStorageLoader")
                            .getMethod(
                                    "load",
                                    storageType,
                                    backendType,
                                    configuration,
                                    configuration,
                                    ClassLoader.class,
                                    logger)
                            .invoke(
                                    null,
                                    null,
                                    backend,
                                    configuration.getConstructor().newInstance(),
                                    conf,
                                    flink2,
                                    null);
            Object incremental = call(backend, "isIncrementalCheckpointsEnabled");
            if (!(incremental instanceof Boolean)) {
                Object option =
                        flink2.loadClass("org.apache.flink.configuration.CheckpointingOptions")
                                .getField("INCREMENTAL_CHECKPOINTS")
                                .get(null);
                incremental =
                        configuration
                                .getMethod(
                                        "get",
                                        flink2.loadClass(
                                                "org.apache.flink.configuration.ConfigOption"))
                                .invoke(conf, option);
            }
            Object threshold = call(storage, "getMinFileSizeThreshold");
            return new Flink2Setup(
                    backend.getClass().getSimpleName(),
                    (Boolean) incremental,
                    storage.getClass().getSimpleName(),
                    text(call(storage, "getCheckpointPath")),
                    text(call(storage, "getSavepointPath")),
                    threshold instanceof Integer ? (Integer) threshold : null);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The same figures of a Flink 1.20 {@link StateSetup}, class names without packages. */
    public static Flink2Setup of(StateSetup setup) {
        return new Flink2Setup(
                simple(setup.backend()),
                setup.incremental(),
                simple(setup.storage()),
                setup.checkpointDir(),
                setup.savepointDir(),
                setup.inlineThreshold());
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
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
