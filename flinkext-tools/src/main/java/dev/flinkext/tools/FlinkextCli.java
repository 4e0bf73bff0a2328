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

import dev.flinkext.tools.diff.DiffCommand;
import dev.flinkext.tools.history.HistoryCommand;
import dev.flinkext.tools.inspect.InspectCommand;
import dev.flinkext.tools.migrate.MigrateConfigCommand;
import dev.flinkext.tools.orphans.OrphansCommand;
import dev.flinkext.tools.verify.VerifyCommand;

import org.apache.flink.annotation.PublicEvolving;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

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
        subcommands = {
            CommandLine.HelpCommand.class,
            InspectCommand.class,
            VerifyCommand.class,
            OrphansCommand.class,
            DiffCommand.class,
            HistoryCommand.class,
            MigrateConfigCommand.class
        })
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
        cli.setExecutionExceptionHandler(FlinkextCli::handleFailure);
        cli.setParameterExceptionHandler(
                (e, args) -> {
                    e.getCommandLine().getErr().println(e.getMessage());
                    e.getCommandLine().usage(e.getCommandLine().getErr());
                    return BAD_INPUT;
                });
        return cli;
    }

    /**
     * A command that fails prints one line naming what it could not use, and exits with {@link
     * #BAD_INPUT}; the stack trace only with --verbose.
     */
    private static int handleFailure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        // --verbose is an option of the subcommand that failed, not of the top-level command.
        boolean verbose =
                command.getParseResult() != null
                        && command.getParseResult().hasMatchedOption("--verbose");
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof BadInputException) {
            err.println(name + ": " + e.getMessage());
        } else {
            err.println(
                    name
                            + ": failed: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
                            + (verbose ? "" : " (--verbose shows the stack trace)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
