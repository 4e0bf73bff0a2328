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
package dev.flinkext.tools.common;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * How every {@code flinkext} command line reports failures, whichever module holds it: bad usage
 * prints the message and the usage, a {@link BadInputException} its one line, anything else one
 * line naming the exception; each exits with {@link ExitCode#BAD_INPUT}, with the stack trace only
 * under {@code --verbose}. An {@link OtherLineException} whose line the launcher has at hand exits
 * silently with {@link ExitCode#OTHER_LINE}.
 */
@Internal
public final class CommandLines {

    private CommandLines() {}

    /**
     * A picocli command line for {@code command}, with {@code subcommands} added to the ones it
     * declares, and the failure handling above.
     */
    public static CommandLine create(Object command, Object... subcommands) {
        CommandLine cli = new CommandLine(command);
        for (Object subcommand : subcommands) {
            cli.addSubcommand(subcommand);
        }
        cli.setExitCodeExceptionMapper(e -> ExitCode.BAD_INPUT);
        cli.setExecutionExceptionHandler(CommandLines::handleFailure);
        cli.setParameterExceptionHandler(
                (e, args) -> {
                    e.getCommandLine().getErr().println(e.getMessage());
                    e.getCommandLine().usage(e.getCommandLine().getErr());
                    return ExitCode.BAD_INPUT;
                });
        return cli;
    }

    private static int handleFailure(Exception e, CommandLine command, ParseResult parsed) {
        if (e instanceof OtherLineException && ((OtherLineException) e).lineAtHand()) {
            return ExitCode.OTHER_LINE;
        }
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
        return ExitCode.BAD_INPUT;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
