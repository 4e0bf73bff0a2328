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
package dev.flinkext.tools;

import dev.flinkext.tools.common.CommandLines;
import dev.flinkext.tools.diff.DiffCommand;
import dev.flinkext.tools.history.HistoryCommand;
import dev.flinkext.tools.inspect.InspectCommand;
import dev.flinkext.tools.orphans.OrphansCommand;
import dev.flinkext.tools.snapshot.FlinkLine;
import dev.flinkext.tools.verify.VerifyCommand;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The checkpoint tools of one Flink line: this module is built once for Flink 1.20 ({@code
 * flinkext-tools}) and once for Flink 2.x ({@code flinkext-tools-flink2}), and each build reads the
 * snapshots its Flink reads. {@code bin/flinkext} runs a command on the 1.20 line first and, when
 * that line meets a snapshot only a newer Flink reads, on the 2.x line (see {@code
 * dev.flinkext.cli.Flinkext} and {@link FlinkLine}).
 */
@Internal
@Command(
        name = "flinkext",
        mixinStandardHelpOptions = true,
        versionProvider = FlinkLine.Version.class,
        description = "Sees into Flink checkpoints and savepoints.",
        subcommands = {
            CommandLine.HelpCommand.class,
            InspectCommand.class,
            VerifyCommand.class,
            OrphansCommand.class,
            DiffCommand.class,
            HistoryCommand.class
        })
public final class LineCli {

    /** The command line with every subcommand; exit codes as {@code ExitCode} lists them. */
    public static CommandLine commandLine() {
        return CommandLines.create(new LineCli(), LineCommands.ofThisLine());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
