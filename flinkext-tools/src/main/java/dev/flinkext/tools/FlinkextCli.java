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

import dev.flinkext.tools.migrate.MigrateConfigCommand;

import org.apache.flink.annotation.PublicEvolving;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flinkext} command line. Exit codes: {@link #OK} fine, {@link #PROBLEM_FOUND} the
 * command found a problem (missing files, orphans, …), {@link #BAD_INPUT} bad usage or unreadable
 * input.
 */
@PublicEvolving
@Command(
        name = "flinkext",
        mixinStandardHelpOptions = true,
        version = "flinkext 0.1.0-SNAPSHOT (Flink 1.20)",
        description = "Sees into Flink checkpoints and migrates configuration across Flink lines.",
        subcommands = {CommandLine.HelpCommand.class, MigrateConfigCommand.class})
public final class FlinkextCli {

    /** Everything fine. */
    public static final int OK = 0;

    /** The command ran and found a problem. */
    public static final int PROBLEM_FOUND = 1;

    /** Bad usage, or input that cannot be read. */
    public static final int BAD_INPUT = 2;

    /** The command line with every subcommand, exit codes as above. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FlinkextCli());
        cli.setExitCodeExceptionMapper(e -> BAD_INPUT);
        cli.setParameterExceptionHandler(
                (e, args) -> {
                    e.getCommandLine().getErr().println(e.getMessage());
                    e.getCommandLine().usage(e.getCommandLine().getErr());
                    return BAD_INPUT;
                });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
