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
package dev.flinkext.rewrite;

import org.openrewrite.java.JavaParser;

import java.util.Arrays;

/**
 * The Flink 1.20 types the recipes' templates name, as stubs: only the members the templates call.
 * With them the templates compile on their own, without Flink on the recipe's classpath (which
 * rewrite-maven-plugin does not have), and the code they produce carries Flink's real type names.
 */
final class FlinkStubs {

    private FlinkStubs() {}

    static final String[] SOURCES = {
        "package org.apache.flink.runtime.state; public interface StateBackend {}",
        "package org.apache.flink.runtime.state; public interface CheckpointStorage {}",
        "package org.apache.flink.core.fs; public final class Path {}",
        "package org.apache.flink.streaming.api.environment;\n"
                + "public class CheckpointConfig {\n"
                + "  public void setCheckpointStorage(org.apache.flink.runtime.state.CheckpointStorage s) {}\n"
                + "  public void setCheckpointStorage(String path) {}\n"
                + "  public void setCheckpointStorage(java.net.URI path) {}\n"
                + "  public void setCheckpointStorage(org.apache.flink.core.fs.Path path) {}\n"
                + "}",
        "package org.apache.flink.streaming.api.environment;\n"
                + "public class StreamExecutionEnvironment {\n"
                + "  public StreamExecutionEnvironment setStateBackend("
                + "org.apache.flink.runtime.state.StateBackend backend) { return this; }\n"
                + "  public CheckpointConfig getCheckpointConfig() { return null; }\n"
                + "  public void configure(org.apache.flink.configuration.ReadableConfig c) {}\n"
                + "  public static StreamExecutionEnvironment getExecutionEnvironment("
                + "org.apache.flink.configuration.Configuration c) { return null; }\n"
                + "}",
        "package org.apache.flink.contrib.streaming.state;\n"
                + "public class EmbeddedRocksDBStateBackend"
                + " implements org.apache.flink.runtime.state.StateBackend {\n"
                + "  public EmbeddedRocksDBStateBackend() {}\n"
                + "  public EmbeddedRocksDBStateBackend(boolean incremental) {}\n"
                + "  public enum PriorityQueueStateType { HEAP, ROCKSDB }\n"
                + "}",
        // What StateConfigForFlink2 writes: options and their value types, as in Flink 1.20
        // and (RocksDB after the package move) 2.x.
        "package org.apache.flink.configuration; public class ConfigOption<T> {}",
        "package org.apache.flink.configuration; public interface ReadableConfig {}",
        "package org.apache.flink.configuration;\n"
                + "public class Configuration implements ReadableConfig {\n"
                + "  public <T> Configuration set(ConfigOption<T> option, T value) { return this; }\n"
                + "}",
        "package org.apache.flink.configuration; public class MemorySize {"
                + " public MemorySize(long bytes) {} }",
        "package org.apache.flink.configuration; public enum ExternalizedCheckpointRetention {"
                + " DELETE_ON_CANCELLATION, RETAIN_ON_CANCELLATION, NO_EXTERNALIZED_CHECKPOINTS }",
        "package org.apache.flink.configuration;\n"
                + "public class StateBackendOptions {\n"
                + "  public static final ConfigOption<String> STATE_BACKEND = null;\n"
                + "}",
        "package org.apache.flink.configuration;\n"
                + "public class CheckpointingOptions {\n"
                + "  public static final ConfigOption<String> CHECKPOINT_STORAGE = null;\n"
                + "  public static final ConfigOption<String> CHECKPOINTS_DIRECTORY = null;\n"
                + "  public static final ConfigOption<Boolean> INCREMENTAL_CHECKPOINTS = null;\n"
                + "  public static final ConfigOption<ExternalizedCheckpointRetention>"
                + " EXTERNALIZED_CHECKPOINT_RETENTION = null;\n"
                + "}",
        "package org.apache.flink.contrib.streaming.state;\n"
                + "import org.apache.flink.configuration.ConfigOption;\n"
                + "public class RocksDBOptions {\n"
                + "  public static final ConfigOption<String> LOCAL_DIRECTORIES = null;\n"
                + "  public static final ConfigOption<String> PREDEFINED_OPTIONS = null;\n"
                + "  public static final ConfigOption<String> OPTIONS_FACTORY = null;\n"
                + "  public static final ConfigOption<Integer> CHECKPOINT_TRANSFER_THREAD_NUM = null;\n"
                + "  public static final ConfigOption<EmbeddedRocksDBStateBackend.PriorityQueueStateType>"
                + " TIMER_SERVICE_FACTORY = null;\n"
                + "}",
        "package org.apache.flink.contrib.streaming.state; public enum PredefinedOptions {"
                + " DEFAULT, SPINNING_DISK_OPTIMIZED, SPINNING_DISK_OPTIMIZED_HIGH_MEM,"
                + " FLASH_SSD_OPTIMIZED }",
        "package org.apache.flink.contrib.streaming.state;\n"
                + "public class RocksDBConfigurableOptions {\n"
                + "  public static final org.apache.flink.configuration.ConfigOption<"
                + "org.apache.flink.configuration.MemorySize> WRITE_BATCH_SIZE = null;\n"
                + "}",
        "package org.apache.flink.runtime.state.hashmap;\n"
                + "public class HashMapStateBackend"
                + " implements org.apache.flink.runtime.state.StateBackend {\n"
                + "  public HashMapStateBackend() {}\n"
                + "}",
        "package org.apache.flink.runtime.state.storage;\n"
                + "public class JobManagerCheckpointStorage"
                + " implements org.apache.flink.runtime.state.CheckpointStorage {\n"
                + "  public JobManagerCheckpointStorage() {}\n"
                + "  public JobManagerCheckpointStorage(int maxStateSize) {}\n"
                + "}",
    };

    /**
     * A parser for templates that name these types, and the types of {@code more} stubs. One call
     * of {@code dependsOn} with all of them: each call replaces the sources of the one before, so a
     * second call would leave the first stubs out and the template's code untyped.
     */
    static JavaParser.Builder<?, ?> parser(String... more) {
        String[] all = Arrays.copyOf(SOURCES, SOURCES.length + more.length);
        System.arraycopy(more, 0, all, SOURCES.length, more.length);
        return JavaParser.fromJavaVersion().dependsOn(all);
    }
}
