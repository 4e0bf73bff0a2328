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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's own answers, which need no component: a home without any (an empty folder) is
 * enough.
 */
class FlinkextTest {

    @TempDir Path emptyHome;

    @Test
    void anUnknownCommandIsBadUsageInOneLineNamingTheCommands() {
        for (String[] args :
                new String[][] {
                    {"upgrad"}, {"upgrad", "--help"}, {"upgrad", "-h"}, {"help", "upgrad"}
                }) {
            Run run = run(args);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.out).as(run.toString()).isEmpty();
            assertThat(run.err.strip().lines()).as(run.toString()).hasSize(1);
            assertThat(run.err)
                    .as(run.toString())
                    .startsWith("flinkext: unknown command 'upgrad'")
                    .contains(
                            "inspect",
                            "verify",
                            "diff",
                            "orphans",
                            "history",
                            "upgrade",
                            "migrate-config");
        }
    }

    @Test
    void upgradeWithoutThe2xLineIsOneLineNamingIt() {
        Run run = run("upgrade", "check", "/no/such/savepoint");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err.strip().lines()).as(run.toString()).hasSize(1);
        assertThat(run.err).contains("upgrade", "Flink 2.x line", "tools-2.x");
    }

    @Test
    void helpWithoutComponentsStillAnswers() {
        for (String[] args : new String[][] {{"--help"}, {"help"}}) {
            Run run = run(args);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
            assertThat(run.out).as(run.toString()).contains("Usage: flinkext", "migrate-config");
        }
        Run none = run();
        assertThat(none.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err).contains("Usage: flinkext");
    }

    @Test
    void aCommandWhoseComponentIsMissingSaysSo() {
        Run inspect = run("inspect", "/tmp/no-such-checkpoint");
        assertThat(inspect.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(inspect.err.strip().lines()).hasSize(1);
        assertThat(inspect.err).contains("not built");
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Flinkext(emptyHome).run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
