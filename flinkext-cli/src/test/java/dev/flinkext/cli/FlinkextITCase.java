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
package dev.flinkext.cli;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.common.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher on snapshots each Flink line really wrote: a JVM of each line (its module's test
 * classpath) runs a RocksDB incremental job on a MiniCluster and retains a checkpoint ({@code
 * testing.LineSnapshots}); {@code bin/flinkext} and the launcher in this JVM then read both, each
 * with the line that wrote it, with no hint from the user.
 */
class FlinkextITCase {

    private static final Path ROOT = Path.of(System.getProperty("flinkext.root"));
    private static final Path HOME = Path.of(System.getProperty(Flinkext.HOME_PROPERTY));

    /** The tools module of each line, as the launcher names the line. */
    private static final Map<String, Path> LINE_MODULES =
            Map.of(
                    "1.20", ROOT.resolve("flinkext-tools"),
                    "2.x", ROOT.resolve("flink2/flinkext-tools"));

    private static final Map<String, String> FLINK_VERSIONS =
            Map.of("1.20", "Flink 1.20.5", "2.x", "Flink 2.3.0");

    @TempDir static Path tmp;

    /** Per line: the folder LineSnapshots wrote (checkpoint.txt, inspect.json). */
    private static final Map<String, Path> WRITTEN = new LinkedHashMap<>();

    @BeforeAll
    static void eachLineWritesASnapshot() throws Exception {
        Map<String, Process> writers = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> line : LINE_MODULES.entrySet()) {
                Path folder = tmp.resolve("written-" + line.getKey());
                WRITTEN.put(line.getKey(), folder);
                writers.put(
                        line.getKey(),
                        new ProcessBuilder(lineJvm(line.getValue(), folder))
                                .redirectErrorStream(true)
                                .redirectOutput(tmp.resolve(line.getKey() + ".log").toFile())
                                .start());
            }
            for (Map.Entry<String, Process> writer : writers.entrySet()) {
                Process process = writer.getValue();
                assertThat(process.waitFor(5, TimeUnit.MINUTES))
                        .as("the %s line's snapshot writer finished", writer.getKey())
                        .isTrue();
                assertThat(process.exitValue())
                        .as(Files.readString(tmp.resolve(writer.getKey() + ".log")))
                        .isZero();
            }
        } finally {
            writers.values().forEach(Process::destroyForcibly);
        }
    }

    @Test
    void binFlinkextReadsEachSnapshotWithTheLineThatWroteIt() throws Exception {
        for (Map.Entry<String, Path> written : WRITTEN.entrySet()) {
            String checkpoint = checkpointOf(written.getKey());
            Process process =
                    new ProcessBuilder(
                                    "bash",
                                    ROOT.resolve("bin/flinkext").toString(),
                                    "inspect",
                                    "--json",
                                    "--uid",
                                    "numbers,buffer,zoo,report,discard",
                                    checkpoint)
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            String out = new String(process.getInputStream().readAllBytes(), UTF8);
            assertThat(process.waitFor()).as(out).isZero();
            JsonNode launched = Json.mapper().readTree(out);
            JsonNode inLine =
                    Json.mapper().readTree(written.getValue().resolve("inspect.json").toFile());
            assertThat(launched).isEqualTo(inLine);
            assertThat(launched.get("readWith").asText())
                    .isEqualTo(FLINK_VERSIONS.get(written.getKey()));
            assertThat(launched.get("formatVersion").asInt())
                    .isEqualTo(written.getKey().equals("1.20") ? 4 : 6);
            assertThat(launched.toString()).contains("_timer_state/processing_user-timers");
            assertThat(launched.findValues("sizeBytes")).noneMatch(JsonNode::isNull);
        }
    }

    @Test
    void diffAcrossTheUpgradeReadsBothWithFlink2() throws Exception {
        Run diff = run(HOME, "diff", "--json", checkpointOf("1.20"), checkpointOf("2.x"));
        assertThat(diff.exitCode).as(diff.toString()).isEqualTo(ExitCode.OK);
        JsonNode report = Json.mapper().readTree(diff.out);
        assertThat(report.get("readWith").asText()).isEqualTo("Flink 2.3.0");
        // The same job on both lines: every operator (matched by its uid hash) is in both.
        for (JsonNode operator : report.get("operators")) {
            assertThat(operator.get("status").asText()).as(operator.toString()).isEqualTo("kept");
        }
    }

    @Test
    void withoutThe2xLineA2xSnapshotIsOneLineNamingIt() throws Exception {
        Path partial = tmp.resolve("home-without-2x");
        Files.createDirectories(partial);
        Files.createSymbolicLink(partial.resolve("lib"), HOME.resolve("lib"));
        Files.createSymbolicLink(partial.resolve("tools-1.20"), HOME.resolve("tools-1.20"));
        Run inspect = run(partial, "inspect", checkpointOf("2.x"));
        assertThat(inspect.exitCode).as(inspect.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(inspect.out).isEmpty();
        assertThat(inspect.err.strip().lines()).hasSize(1);
        assertThat(inspect.err)
                .contains("flinkext inspect: ", "format version 6", "Flink 1.20.5", "2.x line");
        // The 1.20 snapshot still reads.
        assertThat(run(partial, "inspect", checkpointOf("1.20")).exitCode).isEqualTo(ExitCode.OK);
        // upgrade is the 2.x line's only.
        Run upgrade = run(partial, "upgrade", "check", checkpointOf("1.20"));
        assertThat(upgrade.exitCode).as(upgrade.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(upgrade.err.strip().lines()).hasSize(1);
        assertThat(upgrade.err).contains("upgrade", "Flink 2.x line", "tools-2.x");
    }

    @Test
    void upgradeRunsOnThe2xLineAndRefusesACheckpointToConvert() throws IOException {
        Run check = run(HOME, "upgrade", "check", checkpointOf("1.20"));
        assertThat(check.exitCode).as(check.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(check.out)
                .contains("written by Flink 1.x", "read with Flink 2.3.0", "canonical");
        Run convert =
                run(
                        HOME,
                        "upgrade",
                        "convert",
                        checkpointOf("1.20"),
                        "--out",
                        tmp.resolve("converted").toString());
        assertThat(convert.exitCode).as(convert.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(convert.err).contains("flink savepoint --type canonical");
        assertThat(tmp.resolve("converted")).doesNotExist();
    }

    @Test
    void helpNamesEveryCommandOfEveryComponentAndVersionBothLines() {
        Run help = run(HOME, "--help");
        assertThat(help.exitCode).isEqualTo(ExitCode.OK);
        List<String> commands = new ArrayList<>(Flinkext.SNAPSHOT_COMMANDS);
        commands.addAll(Flinkext.FLINK2_COMMANDS);
        commands.addAll(Flinkext.MIGRATE_COMMANDS);
        for (String command : commands) {
            // Each with the description its component gives it.
            assertThat(help.out).containsPattern("(?m)^  " + command + " +[A-Z]");
        }
        Run version = run(HOME, "--version");
        assertThat(version.out).contains("flinkext 0.1.0-SNAPSHOT", "Flink 1.20.5", "Flink 2.3.0");
        Run inspectHelp = run(HOME, "inspect", "--help");
        assertThat(inspectHelp.exitCode).isEqualTo(ExitCode.OK);
        assertThat(inspectHelp.out).contains("Usage: flinkext inspect");
        Run unknown = run(HOME, "no-such-command");
        assertThat(unknown.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err).contains("no-such-command");
    }

    @Test
    void migrateConfigRunsWithoutRocksDBsNativeLibraries() throws Exception {
        try (Stream<Path> jars = Files.list(HOME.resolve("migrate-config"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("frocksdbjni"))
                    .contains("rocksdb-java-classes.jar");
        }
        Path legacy = tmp.resolve("flink-conf.yaml");
        Files.writeString(
                legacy,
                "state.backend: rocksdb\nstate.checkpoints.dir: file:///tmp/c\n"
                        + "state.backend.rocksdb.timer-service.factory: HEAP\n");
        Run check = run(HOME, "migrate-config", legacy.toString(), "--target", "2.x", "--check");
        assertThat(check.exitCode).as(check.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(check.out).contains("execution.checkpointing.dir");
        Run bad =
                run(
                        HOME,
                        "migrate-config",
                        tmp.resolve("missing.yaml").toString(),
                        "--target",
                        "2.x");
        assertThat(bad.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err).startsWith("flinkext migrate-config: cannot read");
    }

    private static String checkpointOf(String line) throws IOException {
        return Files.readString(WRITTEN.get(line).resolve("checkpoint.txt"), UTF8).strip();
    }

    /** A JVM on {@code module}'s test classpath that writes a snapshot into {@code folder}. */
    private static List<String> lineJvm(Path module, Path folder) throws IOException {
        String classpath =
                String.join(
                        File.pathSeparator,
                        module.resolve("target/test-classes").toString(),
                        module.resolve("target/classes").toString(),
                        Files.readString(module.resolve("target/test.classpath"), UTF8).strip());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("flinkext.jvm.opens").split("\\s+")));
        command.add("-Xmx1g");
        command.add("-Dlog4j.configurationFile=" + System.getProperty("log4j.configurationFile"));
        command.addAll(
                List.of(
                        "-cp",
                        classpath,
                        "dev.flinkext.tools.testing.LineSnapshots",
                        folder.toString()));
        return command;
    }

    private static Run run(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Flinkext(home).run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
