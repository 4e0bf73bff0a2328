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
                + "}",
        "package org.apache.flink.contrib.streaming.state;\n"
                + "public class EmbeddedRocksDBStateBackend"
                + " implements org.apache.flink.runtime.state.StateBackend {\n"
                + "  public EmbeddedRocksDBStateBackend() {}\n"
                + "  public EmbeddedRocksDBStateBackend(boolean incremental) {}\n"
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

    /** A parser for templates that name these types. */
    static JavaParser.Builder<?, ?> parser() {
        return JavaParser.fromJavaVersion().dependsOn(SOURCES);
    }
}
