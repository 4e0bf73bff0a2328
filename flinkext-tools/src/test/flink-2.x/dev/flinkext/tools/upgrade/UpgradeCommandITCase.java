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
package dev.flinkext.tools.upgrade;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flinkext upgrade} on state Flink 1.20 wrote: a JVM of the 1.20 line (the 1.20 tools
 * module's test classes and classpath) runs {@link StateZooJob} with {@link
 * StateZooJob#withKryoStates} on RocksDB and writes a canonical savepoint and a checkpoint; this
 * JVM, with Flink 2.3, checks and converts them, and restores both savepoints on Flink 2.3 to see
 * that {@code check}'s verdict is what the restore does.
 */
class UpgradeCommandITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(ToolsCluster.configuration(2));

    @TempDir static Path work;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WRITER_TIMEOUT_SECONDS = 180;

    private static String savepoint;
    private static String checkpoint;

    @BeforeAll
    static void writeOnFlink120() throws Exception {
        Path module =
                Path.of(System.getProperty("flinkext.root", "../..")).resolve("flinkext-tools");
        Path classpathFile = module.resolve("target/test.classpath");
        assertThat(classpathFile).as("the 1.20 tools' test classpath: build it first").exists();
        String classpath =
                String.join(
                        File.pathSeparator,
                        module.resolve("target/test-classes").toString(),
                        module.resolve("target/classes").toString(),
                        Files.readString(classpathFile).strip());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens")) {
                command.add(argument);
            }
        }
        command.add("-Xmx1g");
        command.add("-Dlog4j.configurationFile=" + System.getProperty("log4j.configurationFile"));
        Path folder = work.resolve("flink-1.20");
        command.addAll(
                List.of(
                        "-cp",
                        classpath,
                        "dev.flinkext.tools.testing.LineSnapshots",
                        folder.toString(),
                        "rocksdb-incremental",
                        "20",
                        "kryo"));
        Path log = work.resolve("flink-1.20.log");
        Process writer =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            assertThat(writer.waitFor(WRITER_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("the Flink 1.20 JVM ended; its output:%n%s", tail(log))
                    .isTrue();
            assertThat(writer.exitValue()).as("its output:%n%s", tail(log)).isZero();
        } finally {
            writer.destroyForcibly().waitFor();
        }
        savepoint = Files.readString(folder.resolve("savepoint.txt")).strip();
        checkpoint = Files.readString(folder.resolve("checkpoint.txt")).strip();
        assertThat(EnvironmentInformation.getVersion()).isEqualTo("2.3.0");
    }

    @Test
    void checkSaysWhatFlink2DoesWithTheSavepoint(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        CliRun check = CliRun.of("upgrade", "check", "--json", "--uid", "zoo", savepoint);
        assertThat(check.exitCode).as(check.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        JsonNode report = JSON.readTree(check.out);
        assertThat(report.get("writtenBy").asText()).startsWith("Flink 1.x");
        assertThat(report.get("restoresOnFlink2").asBoolean()).isFalse();
        Map<String, JsonNode> states = statesOf(report, "zoo");
        for (String kryo : List.of("kryo-value", "kryo-list", "kryo-map")) {
            assertThat(states.get(kryo).get("verdict").asText())
                    .as(kryo)
                    .isEqualTo("silently wrong");
            assertThat(states.get(kryo).get("wrongEntries").asLong()).as(kryo).isPositive();
            assertThat(states.get(kryo).get("reason").asText()).contains("Kryo 2", "Kryo 5");
        }
        JsonNode pojo = states.get("pojo-list");
        assertThat(pojo.get("verdict").asText()).isEqualTo("fails");
        assertThat(pojo.get("reason").asText()).contains("INCOMPATIBLE", "FLIP-398");
        assertThat(pojo.get("flink2Serializers").asText()).contains("List");
        for (String plain : List.of("count", "recent", "buckets", "sum", "average")) {
            assertThat(states.get(plain).get("verdict").asText()).as(plain).isEqualTo("restores");
        }

        // The verdict is what Flink 2.3 does: the restore fails on the POJO.
        JobID restored = restore(cluster, savepoint, "original");
        cluster.requestJobResult(restored).get();
        assertThat(cluster.getJobStatus(restored).get()).isEqualTo(JobStatus.FAILED);
        Throwable failure =
                cluster.getExecutionGraph(restored)
                        .get()
                        .getFailureInfo()
                        .getException()
                        .deserializeError(getClass().getClassLoader());
        assertThat(ExceptionUtils.stringifyException(failure)).containsIgnoringCase("incompatible");
    }

    @Test
    void convertWritesASavepointFlink2Restores(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Map<String, Long> before = files(Path.of(savepoint.replaceFirst("^file:", "")));
        Path out = work.resolve("converted");
        CliRun convert =
                CliRun.of("upgrade", "convert", savepoint, "--out", out.toString(), "--json");
        assertThat(convert.exitCode).as(convert.toString()).isEqualTo(ExitCode.OK);
        JsonNode report = JSON.readTree(convert.out);
        Map<String, JsonNode> states = statesOf(report, null);
        for (String kryo : List.of("kryo-value", "kryo-list", "kryo-map", "pojo-list")) {
            assertThat(states.get(kryo).get("verdict").asText()).as(kryo).isEqualTo("converted");
            assertThat(states.get(kryo).get("convertedEntries").asLong()).as(kryo).isPositive();
        }
        assertThat(report.get("output").get("checked").asText()).contains("passes upgrade check");
        assertThat(files(Path.of(savepoint.replaceFirst("^file:", ""))))
                .as("the input is never modified")
                .isEqualTo(before);

        CliRun check = CliRun.of("upgrade", "check", "--json", out.toString());
        assertThat(check.exitCode).as(check.toString()).isEqualTo(ExitCode.OK);
        JsonNode checked = JSON.readTree(check.out);
        assertThat(checked.get("writtenBy").asText()).startsWith("Flink 2.x");
        for (JsonNode state : statesOf(checked, null).values()) {
            assertThat(state.get("verdict").asText()).isEqualTo("restores");
        }

        // Flink 2.3 restores it: the job runs and checkpoints.
        JobCheckpoints restored =
                new JobCheckpoints(cluster, restore(cluster, out.toUri().toString(), "converted"));
        try {
            restored.checkpoint();
            assertThat(cluster.getJobStatus(restored.job()).get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            restored.cancel();
        }

        CliRun again = CliRun.of("upgrade", "convert", savepoint, "--out", out.toString());
        assertThat(again.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err).contains("not an empty folder");
    }

    @Test
    void convertRefusesACheckpointWithTheWayToACanonicalSavepoint() {
        Path out = work.resolve("from-checkpoint");
        CliRun convert = CliRun.of("upgrade", "convert", checkpoint, "--out", out.toString());
        assertThat(convert.exitCode).as(convert.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(convert.err.strip().lines()).hasSize(1);
        assertThat(convert.err).contains("flink savepoint --type canonical");
        assertThat(out).doesNotExist();
        CliRun check = CliRun.of("upgrade", "check", checkpoint);
        assertThat(check.exitCode).isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(check.out).contains("canonical");
    }

    /** Without the job's classes: one line naming the class and {@code --classpath}. */
    @Test
    void aClassMissingFromTheClasspathIsNamed() throws Exception {
        CliRun check = CliRun.onLineClasspath("upgrade", "check", savepoint);
        assertThat(check.exitCode).as(check.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(check.err.strip().lines()).hasSize(1);
        assertThat(check.err).contains("KryoTypes$Holder", "--classpath");
        Path out = work.resolve("without-classes");
        CliRun convert =
                CliRun.onLineClasspath("upgrade", "convert", savepoint, "--out", out.toString());
        assertThat(convert.exitCode).as(convert.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(convert.err).contains("--classpath");
        assertThat(out).doesNotExist();
    }

    /**
     * Truncated and bit-flipped copies of the savepoint: {@code convert} either fails, leaving no
     * output, or writes a savepoint that passes {@code check} and holds as many entries as the
     * copy; never an output with entries lost.
     */
    @Test
    void damagedSavepointsNeverGiveAnOutputThatClaimsSuccess() throws Exception {
        Path original = Path.of(savepoint.replaceFirst("^file:", ""));
        Path keyed = largestStateFile(original);
        byte[] bytes = Files.readAllBytes(keyed);
        Random random = new Random(42);
        int failed = 0;
        int converted = 0;
        for (int variant = 0; variant < 24; variant++) {
            Path copy = work.resolve("damaged-" + variant);
            copyFolder(original, copy);
            byte[] damaged = bytes.clone();
            if (variant % 3 == 0) {
                damaged = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            } else {
                for (int flips = 0; flips <= variant % 3; flips++) {
                    int at = random.nextInt(bytes.length);
                    damaged[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            Files.write(copy.resolve(keyed.getFileName()), damaged);
            Path out = work.resolve("damaged-out-" + variant);
            CliRun convert =
                    CliRun.of(
                            "upgrade",
                            "convert",
                            copy.toString(),
                            "--out",
                            out.toString(),
                            "--json");
            if (convert.exitCode == ExitCode.OK) {
                converted++;
                CliRun check = CliRun.of("upgrade", "check", "--json", out.toString());
                assertThat(check.exitCode)
                        .as("variant %d: %s", variant, check)
                        .isEqualTo(ExitCode.OK);
                CliRun input = CliRun.of("upgrade", "check", "--json", copy.toString());
                assertThat(entries(JSON.readTree(check.out)))
                        .as(
                                "variant %d: every entry of the damaged input is in the output",
                                variant)
                        .isEqualTo(entries(JSON.readTree(input.out)));
            } else {
                failed++;
                assertThat(convert.exitCode).as(convert.toString()).isEqualTo(ExitCode.BAD_INPUT);
                assertThat(convert.err).as("variant %d", variant).isNotBlank();
                assertThat(out).as("variant %d leaves no output", variant).doesNotExist();
            }
        }
        System.out.printf(
                "damaged savepoints: %d refused, %d converted and checked%n", failed, converted);
        assertThat(failed).as("truncations are refused").isGreaterThanOrEqualTo(8);
    }

    // ------------------------------------------------------------------------------------------

    private static JobID restore(MiniCluster cluster, String path, String run) throws Exception {
        StateZooJob job =
                new StateZooJob(
                                "upgrade-" + run,
                                10_000_000,
                                20,
                                4000,
                                work.resolve("restored-" + run))
                        .backend("rocksdb-incremental")
                        .withKryoStates()
                        .restoreFrom(path, StateZooJob.Claim.NO_CLAIM);
        return job.submit(cluster);
    }

    /** State name → state, of the operator with that uid (or of all operators). */
    private static Map<String, JsonNode> statesOf(JsonNode report, String uid) {
        Map<String, JsonNode> states = new HashMap<>();
        for (JsonNode operator : report.get("operators")) {
            if (uid == null || uid.equals(operator.path("uid").asText())) {
                for (JsonNode state : operator.get("states")) {
                    states.put(state.get("state").asText(), state);
                }
            }
        }
        return states;
    }

    private static Map<String, Long> entries(JsonNode report) {
        Map<String, Long> entries = new TreeMap<>();
        for (JsonNode operator : report.get("operators")) {
            for (JsonNode state : operator.get("states")) {
                if (state.get("kind").asText().startsWith("keyed")) {
                    entries.merge(
                            state.get("state").asText(), state.get("entries").asLong(), Long::sum);
                }
            }
        }
        return entries;
    }

    private static Path largestStateFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().equals("_metadata"))
                    .max(Comparator.comparingLong(f -> f.toFile().length()))
                    .orElseThrow();
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static Map<String, Long> files(Path folder) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : (Iterable<Path>) list::iterator) {
                files.put(file.getFileName().toString(), file.toFile().length());
            }
        }
        return files;
    }

    private static String tail(Path file) throws IOException {
        List<String> lines =
                Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
