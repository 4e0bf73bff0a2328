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

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_HASHMAP_FILESYSTEM;
import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_ROCKSDB_INCREMENTAL;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_HASHMAP;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_ROCKSDB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Across the major upgrade: the 1.20 tour's job runs in a JVM of its own with Flink 1.20 ({@code
 * SnapshotWriter}, the 1.20 line's test classes and the classpath Maven resolved for them), and
 * writes, for Flink's heap and RocksDB backends and the pack's instrumented ones, the checkpoint it
 * retains after its injected failure and a canonical savepoint; this JVM, with Flink 2.3, restores
 * each of them under the same configuration and checks every key's five keyed states exactly.
 */
class CrossVersionRestoreITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    @TempDir static Path work;

    /** Rows of both lines: heap and RocksDB, Flink's own and the pack's instrumented ones. */
    private static final List<TourConfiguration> ROWS =
            List.of(
                    CONFIG_HASHMAP_FILESYSTEM,
                    FLINKEXT_HASHMAP,
                    CONFIG_ROCKSDB_INCREMENTAL,
                    FLINKEXT_ROCKSDB);

    private static final List<String> KINDS = List.of("RETAINED", "SAVEPOINT");

    /** Flink's backends under which the 1.20 side saves the Kryo-state job. */
    private static final List<String> KRYO_BACKENDS = List.of("hashmap", "rocksdb");

    private static final Map<String, String> DESCRIBED =
            Map.of(
                    "RETAINED", "checkpoint retained after the injected failure",
                    "SAVEPOINT", "canonical savepoint");

    /** The 1.20 line's main (its test classes), which this line cannot compile against. */
    private static final String WRITER = "dev.flinkext.examples.tour.SnapshotWriter";

    private static final long WRITER_TIMEOUT_SECONDS = 150;

    /** "RETAINED ROW" / "SAVEPOINT ROW" → the path Flink 1.20 wrote. */
    private static final Map<String, String> SNAPSHOTS = new HashMap<>();

    private static final List<RunReport> REPORTS = new ArrayList<>();

    @BeforeAll
    static void writeSnapshotsOnFlink120() throws Exception {
        Path root = Path.of(System.getProperty("flinkext.root", "../..")).resolve("flink-examples");
        Path classpathFile = root.resolve("target/flink-examples.classpath");
        assertThat(classpathFile)
                .as("the 1.20 module's test classpath: build flink-examples first")
                .exists();
        String classpath =
                String.join(
                        File.pathSeparator,
                        root.resolve("target/classes").toString(),
                        root.resolve("target/test-classes").toString(),
                        Files.readString(classpathFile).trim());

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Flink 1.20 needs the same --add-opens on Java 17 as this JVM got from the build.
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens")) {
                command.add(argument);
            }
        }
        String log4j = System.getProperty("log4j.configurationFile");
        if (log4j != null) {
            command.add("-Dlog4j.configurationFile=" + log4j);
        }
        command.addAll(
                List.of(
                        "-cp",
                        classpath,
                        WRITER,
                        work.resolve("flink-1.20").toString(),
                        ROWS.stream().map(Enum::name).collect(Collectors.joining(","))));
        Path out = work.resolve("flink-1.20.out");
        Path err = work.resolve("flink-1.20.err");
        Process writer =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        try {
            boolean ended = writer.waitFor(WRITER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(ended)
                    .as(
                            "the Flink 1.20 JVM ended within %d s; stderr:%n%s",
                            WRITER_TIMEOUT_SECONDS, tail(err))
                    .isTrue();
            assertThat(writer.exitValue())
                    .as("the Flink 1.20 JVM's exit code; stderr:%n%s", tail(err))
                    .isZero();
        } finally {
            writer.destroyForcibly().waitFor();
        }
        assertThat(Files.readAllLines(out))
                .as("the writer ran Flink 1.20, this JVM runs Flink 2.3")
                .contains("FLINK 1.20.5");
        assertThat(EnvironmentInformation.getVersion()).isEqualTo("2.3.0");
        for (String line : Files.readAllLines(out)) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && (KINDS.contains(parts[0]) || parts[0].startsWith("KRYO"))) {
                SNAPSHOTS.put(parts[0] + " " + parts[1], parts[2]);
            }
        }
        assertThat(SNAPSHOTS).hasSize(ROWS.size() * KINDS.size() + 2 * KRYO_BACKENDS.size());
    }

    static Stream<Arguments> snapshots() {
        return ROWS.stream().flatMap(row -> KINDS.stream().map(kind -> Arguments.of(row, kind)));
    }

    @ParameterizedTest(name = "{1} of {0}")
    @MethodSource("snapshots")
    void restoresOnFlink2(
            TourConfiguration row, String kind, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String path = SNAPSHOTS.get(kind + " " + row.name());
        RunReport report =
                new TourRunner(
                                cluster,
                                TourTesting.PARAMS,
                                work.resolve("flink-2.3-" + kind.toLowerCase()),
                                System.out)
                        .restore(
                                row,
                                path,
                                "#" + row.number() + " <- 1.20 " + kind.toLowerCase(),
                                row.name() + " <- Flink 1.20's " + DESCRIBED.get(kind));
        REPORTS.add(report);

        assertThat(report.problems()).as("restore of %s", path).isEmpty();
        assertThat(report.verifiedKeys()).isEqualTo(TourTesting.PARAMS.keys());
        assertThat(report.verified()).isTrue();
        assertThat(report.restoredFrom())
                .endsWith(Path.of(path.replaceFirst("^file:", "")).getFileName().toString());
        assertThat(report.restoredBytes()).isPositive();
    }

    /**
     * State that Flink 1.20 serialized with Kryo 2 (a class that is no POJO) is read wrong on 2.3,
     * whose Kryo is 5, and Flink says nothing: the restore succeeds, and only the job's own check
     * finds that each key's {@code String} came back right and its {@code ArrayList<Long>} did not
     * (empty, or holding numbers that were never written). The same savepoint restores exactly on
     * 1.20: the writer's control run counted every key's records.
     */
    @ParameterizedTest(name = "Kryo state on {0}")
    @MethodSource("kryoBackends")
    void kryoStateComesBackWrongOnFlink2(String backend, @InjectMiniCluster MiniCluster cluster) {
        assertThat(SNAPSHOTS.get("KRYO-ON-1.20 " + backend))
                .as("keys complete when Flink 1.20 restores its own savepoint")
                .isEqualTo(Integer.toString(KryoStateJob.KEYS));
        String path = SNAPSHOTS.get("KRYO " + backend);
        assertThatThrownBy(
                        () ->
                                KryoStateJob.restore(
                                        cluster,
                                        backend,
                                        work.resolve("flink-2.3-kryo-" + backend)
                                                .toUri()
                                                .toString(),
                                        path))
                .rootCause()
                .hasMessageMatching(
                        "the Kryo state of (key-\\d+) came back as \\1 with recent values .*");
    }

    static Stream<String> kryoBackends() {
        return KRYO_BACKENDS.stream();
    }

    @AfterAll
    static void printTable() {
        System.out.print(ReportTable.format(REPORTS));
    }

    private static String tail(Path file) throws Exception {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
