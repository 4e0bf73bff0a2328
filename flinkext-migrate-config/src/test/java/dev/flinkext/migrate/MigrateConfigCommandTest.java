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

import dev.flinkext.tools.common.ExitCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flinkext migrate-config}: outputs, exit codes, and nothing written on bad input. */
class MigrateConfigCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = MigrateConfigCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path legacy(String text) throws Exception {
        return Files.writeString(dir.resolve("flink-conf.yaml"), text);
    }

    @Test
    void isASubcommandOfFlinkext() {
        assertThat(run("--help")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("migrate-config");
        assertThat(run("migrate-config", "--help")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("--target=1.20|2.x", "--check", "--out=FILE");
    }

    @Test
    void checkReportsAndExitsOneWhenSomethingNeedsMigrating() throws Exception {
        Path file = legacy("state.backend: filesystem\nstate.checkpoints.dir: file:///tmp/c\n");
        assertThat(run("migrate-config", file.toString(), "--target", "2.x", "--check"))
                .isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(out.toString())
                .contains(
                        "line 1    translated    state.backend: filesystem",
                        "==> state.backend.type: hashmap",
                        "==> execution.checkpointing.storage: filesystem",
                        "line 2    renamed       state.checkpoints.dir: file:///tmp/c",
                        "Summary: 1 renamed, 1 translated.",
                        "Flink 1.20 builds the same state backend and checkpoint storage from both"
                                + " files: HashMapStateBackend, FileSystemCheckpointStorage"
                                + " file:/tmp/c");
        assertThat(Files.list(dir)).hasSize(1);
    }

    @Test
    void checkExitsZeroOnAMigratedFile() throws Exception {
        Path migrated = dir.resolve("config.yaml");
        Path file = legacy("state.backend: rocksdb\nstate.backend.incremental: true\n");
        assertThat(
                        run(
                                "migrate-config",
                                file.toString(),
                                "--target",
                                "1.20",
                                "--out",
                                migrated.toString()))
                .isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("Wrote " + migrated);
        assertThat(Files.readString(migrated))
                .isEqualTo(
                        "state.backend.type: rocksdb\nexecution.checkpointing.incremental: true\n");
        assertThat(run("migrate-config", migrated.toString(), "--target", "2.x", "--check"))
                .isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("Nothing to migrate.");
    }

    @Test
    void withoutOutTheFileGoesToStandardOutputAndTheReportToStandardError() throws Exception {
        Path file = legacy("state.savepoints.dir: file:///tmp/s\n");
        assertThat(run("migrate-config", file.toString(), "--target", "1.20", "--style", "nested"))
                .isEqualTo(ExitCode.OK);
        assertThat(out.toString())
                .isEqualTo("execution:\n  checkpointing:\n    savepoint-dir: file:///tmp/s\n");
        assertThat(err.toString()).contains("renamed", "execution.checkpointing.savepoint-dir");
    }

    @Test
    void aTemplateIsMigratedAndTheReportSaysWhatWasNotChecked() throws Exception {
        Path file =
                legacy(
                        "taskmanager.numberOfTaskSlots: ${cpu_thread}\n"
                                + "state.backend: rocksdb\n"
                                + "state.checkpoints.dir: ${CHECKPOINT_DIR}\n");
        Path migrated = dir.resolve("config.yaml");
        assertThat(
                        run(
                                "migrate-config",
                                file.toString(),
                                "--target",
                                "2.x",
                                "--out",
                                migrated.toString()))
                .as(err.toString())
                .isEqualTo(ExitCode.OK);
        assertThat(Files.readString(migrated))
                .isEqualTo(
                        "taskmanager.numberOfTaskSlots: ${cpu_thread}\n"
                                + "state.backend.type: rocksdb\n"
                                + "execution.checkpointing.dir: ${CHECKPOINT_DIR}\n");
        assertThat(out.toString())
                .contains(
                        "line 1    note          taskmanager.numberOfTaskSlots: ${cpu_thread}",
                        "why: a template placeholder: carried over verbatim",
                        "line 3    renamed       state.checkpoints.dir: ${CHECKPOINT_DIR}",
                        "==> execution.checkpointing.dir: ${CHECKPOINT_DIR}",
                        "Wrote " + migrated);
    }

    @Test
    void badInputExitsTwoWithTheLineAndWritesNothing() throws Exception {
        Path target = dir.resolve("out/config.yaml");
        Path file = legacy("a: 1\nstate.backend.incremental: maybe\n");
        assertThat(
                        run(
                                "migrate-config",
                                file.toString(),
                                "--target",
                                "2.x",
                                "--out",
                                target.toString()))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString())
                .contains(file + ":2: value 'maybe' of state.backend.incremental is not a Boolean")
                .contains("(nothing was written)");
        assertThat(target.getParent()).doesNotExist();

        Files.writeString(file, "a: 1\na: 2\n");
        assertThat(
                        run(
                                "migrate-config",
                                file.toString(),
                                "--target",
                                "2.x",
                                "--out",
                                target.toString()))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains(file + ":2: key a is set again (first at line 1)");

        Path notYaml = Files.writeString(dir.resolve("config.yaml"), "a: [1\n");
        assertThat(
                        run(
                                "migrate-config",
                                notYaml.toString(),
                                "--target",
                                "2.x",
                                "--out",
                                target.toString()))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains(notYaml + ":2: not YAML");
        assertThat(target.getParent()).doesNotExist();
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        Path file = legacy("a: 1\n");
        assertThat(run("migrate-config", file.toString(), "--target", "3.0"))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("Unknown target '3.0'");
        assertThat(
                        run(
                                "migrate-config",
                                file.toString(),
                                "--target",
                                "2.x",
                                "--out",
                                dir.resolve("flink-conf.yaml").toString()))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("legacy flat parser");
        assertThat(run("migrate-config", dir.resolve("missing.yaml").toString(), "--target", "2.x"))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("cannot read");
    }
}
