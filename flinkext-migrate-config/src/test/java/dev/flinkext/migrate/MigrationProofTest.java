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

import dev.flinkext.migrate.ConfigMigrator.Migration;
import dev.flinkext.migrate.Finding.Kind;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof of migrate-config ({@link MigrationProof}) over real files and over every legacy way of
 * choosing a state backend and checkpoint storage by configuration.
 *
 * <p>The real files: the repository's own {@code flink-conf.yaml} and {@code config.yaml}, and
 * Flink's default configuration of 1.13 and 1.17 ({@code flink-conf.yaml}) and 1.20 ({@code
 * config.yaml}, which the 1.19+ distribution ships instead), each as shipped and with its commented
 * state section switched on as a user would. The defaults are reconstructed, not copied ({@code
 * flink-dist} is not served here): their keys and values are Flink's, their comments close to
 * Flink's; see {@code defaults/README.md} in the test resources.
 */
class MigrationProofTest {

    @TempDir static Path work;

    private static final String DIR = "file:///tmp/flinkext-proof/checkpoints";
    private static final String SAVEPOINTS = "file:///tmp/flinkext-proof/savepoints";

    static Stream<Arguments> files() throws IOException {
        List<Arguments> files = new ArrayList<>();
        Path root = Path.of(System.getProperty("flinkext.root", ".."));
        files.add(
                file(
                        "repository flink-conf.yaml",
                        Files.readString(root.resolve("flink-conf.yaml")),
                        "flink-conf.yaml"));
        files.add(
                file(
                        "repository config.yaml",
                        Files.readString(root.resolve("config.yaml")),
                        "config.yaml"));

        String v113 = resource("flink-1.13-flink-conf.yaml");
        files.add(file("Flink 1.13 default", v113, "flink-conf.yaml"));
        files.add(
                file(
                        "Flink 1.13 default, state section on",
                        v113.replace("# state.backend: filesystem", "state.backend: filesystem")
                                .replace(
                                        "# state.checkpoints.dir: hdfs://namenode-host:port/flink-checkpoints",
                                        "state.checkpoints.dir: " + DIR)
                                .replace(
                                        "# state.savepoints.dir: hdfs://namenode-host:port/flink-savepoints",
                                        "state.savepoints.dir: " + SAVEPOINTS)
                                .replace(
                                        "# state.backend.incremental: false",
                                        "state.backend.incremental: true"),
                        "flink-conf.yaml"));
        String v117 = resource("flink-1.17-flink-conf.yaml");
        files.add(file("Flink 1.17 default", v117, "flink-conf.yaml"));
        files.add(
                file(
                        "Flink 1.17 default, RocksDB on",
                        v117.replace("# state.backend: hashmap", "state.backend: rocksdb")
                                .replace(
                                        "# state.checkpoints.dir: hdfs://namenode-host:port/flink-checkpoints",
                                        "state.checkpoints.dir: " + DIR)
                                .replace(
                                        "# state.backend.incremental: false",
                                        "state.backend.incremental: true")
                                .replace(
                                        "# execution.checkpointing.interval: 3min",
                                        "execution.checkpointing.interval: 3min"),
                        "flink-conf.yaml"));
        String v120 = resource("flink-1.20-config.yaml");
        files.add(file("Flink 1.20 default", v120, "config.yaml"));
        files.add(
                file(
                        "Flink 1.20 default, state section on",
                        v120.replace(
                                "# state:\n#   backend:\n#     # Supported backends are 'hashmap', 'rocksdb', or the\n#     # <class-name-of-factory>.\n#     type: hashmap\n",
                                "state:\n  backend:\n    type: filesystem\n  checkpoints:\n    dir: "
                                        + DIR
                                        + "\n#   backend:\n"),
                        "config.yaml"));

        // Every legacy way of choosing backend and storage in a flink-conf.yaml.
        files.add(legacy("jobmanager", "state.backend: jobmanager"));
        files.add(
                legacy(
                        "jobmanager with directories",
                        "state.backend: jobmanager",
                        "state.checkpoints.dir: " + DIR,
                        "state.savepoints.dir: " + SAVEPOINTS));
        files.add(
                legacy(
                        "jobmanager beside a filesystem storage it overrides",
                        "state.backend: jobmanager",
                        "state.checkpoint-storage: filesystem",
                        "state.checkpoints.dir: " + DIR));
        files.add(
                legacy(
                        "filesystem with thresholds",
                        "state.backend: filesystem",
                        "state.checkpoints.dir: " + DIR,
                        "state.backend.fs.memory-threshold: 1kb",
                        "state.backend.fs.write-buffer-size: 8192"));
        files.add(legacy("filesystem without a directory", "state.backend: filesystem"));
        files.add(
                legacy(
                        "filesystem with JobManager storage",
                        "state.backend: FileSystem",
                        "state.checkpoint-storage: jobmanager",
                        "state.checkpoints.dir: " + DIR));
        files.add(
                legacy(
                        "rocksdb incremental",
                        "state.backend: rocksdb",
                        "state.backend.incremental: true",
                        "state.checkpoints.dir: " + DIR,
                        "state.backend.rocksdb.checkpointdir: /tmp/flinkext-proof/rocksdb",
                        "state.backend.rocksdb.thread.num: 4"));
        files.add(
                legacy(
                        "MemoryStateBackendFactory",
                        "state.backend: " + LegacyStateValues.MEMORY_FACTORY,
                        "state.savepoints.dir: " + SAVEPOINTS));
        files.add(
                legacy(
                        "FsStateBackendFactory beside a JobManager storage it overrides",
                        "state.backend: " + LegacyStateValues.FS_FACTORY,
                        "state.checkpoints.dir: " + DIR,
                        "execution.checkpointing.storage: jobmanager",
                        "state.storage.fs.memory-threshold: 2kb"));
        files.add(
                legacy(
                        "RocksDBStateBackendFactory",
                        "state.backend: " + LegacyStateValues.ROCKSDB_FACTORY,
                        "state.checkpoints.dir: " + DIR,
                        "state.backend.incremental: true"));
        files.add(
                legacy(
                        "EmbeddedRocksDBStateBackendFactory of 1.x",
                        "state.backend.type: " + LegacyStateValues.EMBEDDED_ROCKSDB_FACTORY_1X,
                        "execution.checkpointing.dir: " + DIR));
        files.add(
                legacy(
                        "old and new backend key",
                        "state.backend: filesystem",
                        "state.backend.type: rocksdb",
                        "state.checkpoints.dir: " + DIR,
                        "execution.checkpointing.dir: " + SAVEPOINTS));
        files.add(
                legacy(
                        "local recovery beside from-local",
                        "state.backend.local-recovery: true",
                        "execution.state-recovery.from-local: false",
                        "state.backend.latency-track.keyed-state-enabled: true",
                        "state.backend.latency-track.sample-interval: 50"));
        files.add(
                legacy(
                        "removed and unknown keys",
                        "state.backend.async: false",
                        "taskmanager.network.numberOfBuffers: 4096",
                        "query.server.ports: 6125",
                        "my.secret: \"quoted\"",
                        "my.number: 0.10",
                        "pipeline.jars: file:///a.jar;file:///b.jar",
                        "metrics.reporter.prom.factory.class: org.example.Reporter"));
        files.add(
                file(
                        "config.yaml with deprecated keys",
                        String.join(
                                "\n",
                                "# a standard-YAML file of an early 1.19 user",
                                "state:",
                                "  backend: rocksdb # the backend",
                                "  backend.incremental: true",
                                "  checkpoints:",
                                "    # where checkpoints go",
                                "    dir: " + DIR,
                                "pipeline:",
                                "  classpaths: [file:///a.jar, file:///b.jar]",
                                "my:",
                                "  port: '6123'",
                                ""),
                        "config.yaml"));
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void migratedFileBuildsTheSameStateAndKeepsEverythingElse(
            String name, String text, String fileName) throws Exception {
        for (MigrationTarget target : MigrationTarget.values()) {
            Migration migration =
                    MigrationProof.check(
                            name, text, fileName, target, work, getClass().getClassLoader());
            assertThat(migration.findings()).allMatch(f -> !f.why().isBlank());
            assertThat(migration.findings())
                    .filteredOn(f -> f.kind() == Kind.COMMENTED_OUT)
                    .allMatch(f -> f.after().size() == 1 && f.after().get(0).startsWith("# "));
        }
    }

    private static Arguments legacy(String name, String... lines) {
        return file(name, String.join("\n", lines) + "\n", "flink-conf.yaml");
    }

    private static Arguments file(String name, String text, String fileName) {
        return Arguments.of(name, text, fileName);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MigrationProofTest.class.getResourceAsStream("defaults/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
