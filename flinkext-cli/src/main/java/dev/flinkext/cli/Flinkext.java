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
import dev.flinkext.tools.common.FlinkextVersion;
import dev.flinkext.tools.common.OtherLineException;

import org.apache.flink.annotation.PublicEvolving;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code flinkext}, the one command line of the pack ({@code bin/flinkext}). It holds no Flink:
 * each command runs in the component that owns it, in a class loader of its own ({@link
 * Component}):
 *
 * <ul>
 *   <li>{@code inspect}, {@code verify}, {@code diff}, {@code orphans}, {@code history}: the
 *       checkpoint tools, built once per Flink line. A command runs on the Flink 1.20 line first;
 *       when that line meets a snapshot only Flink 2.x reads (checkpoint metadata version 5 or
 *       newer), it stops before printing anything ({@link ExitCode#OTHER_LINE}) and the command
 *       runs again on the 2.x line, which reads every version. A snapshot is so read by the Flink
 *       line that wrote it, and every report says which one read it.
 *   <li>{@code upgrade}: whether a Flink 1.x savepoint restores on Flink 2.x, and its conversion;
 *       on the 2.x line only, whose Flink gives the verdicts.
 *   <li>{@code migrate-config}: configuration migration, with Flink 1.20's option definitions.
 * </ul>
 *
 * <p>The components are folders under the home ({@value #HOME_PROPERTY}): {@code tools-1.20},
 * {@code tools-2.x} and {@code migrate-config}.
 */
@PublicEvolving
public final class Flinkext {

    /** The system property naming the folder that holds the components. */
    public static final String HOME_PROPERTY = "flinkext.home";

    /** The commands of the checkpoint tools, on each line. */
    static final List<String> SNAPSHOT_COMMANDS =
            List.of("inspect", "verify", "orphans", "diff", "history");

    /** The commands of migrate-config. */
    static final List<String> MIGRATE_COMMANDS = List.of("migrate-config");

    /** The commands only the Flink 2.x line has: their verdicts are Flink 2.x's own. */
    static final List<String> FLINK2_COMMANDS = List.of("upgrade");

    private static final String FLINK2 = "2.x";

    private static final String LINE_CLI = "dev.flinkext.tools.LineCli";
    private static final String MIGRATE_CLI = "dev.flinkext.migrate.MigrateConfigCli";
    private static final String FLINK_LINE = "dev.flinkext.tools.snapshot.FlinkLine";

    /** The lines in the order a command tries them: the older first, so it reads what it wrote. */
    private final Map<String, Component> lines = new LinkedHashMap<>();

    private final Component migrate;

    /** The launcher for the components under {@code home}. */
    public Flinkext(Path home) {
        for (String line : List.of("1.20", FLINK2)) {
            lines.put(
                    line, new Component("tools-" + line, home.resolve("tools-" + line), LINE_CLI));
        }
        migrate = new Component("migrate-config", home.resolve("migrate-config"), MIGRATE_CLI);
    }

    /** Runs a command line, printing to {@code out} and {@code err}; returns the exit code. */
    public int run(String[] args, PrintWriter out, PrintWriter err) {
        String command = command(args);
        // List.of(…).contains(null) throws: no command at all is the launcher's too.
        if (command != null && MIGRATE_COMMANDS.contains(command)) {
            return migrate.run(args, out, err);
        }
        if (command != null && SNAPSHOT_COMMANDS.contains(command)) {
            return runOnLines(args, out, err);
        }
        if (command != null && FLINK2_COMMANDS.contains(command)) {
            Component line = lines.get(FLINK2);
            if (!line.present()) {
                err.println(
                        "flinkext: "
                                + command
                                + " runs on the Flink 2.x line, which is not in this home (no "
                                + line.name()
                                + ")");
                err.flush();
                return ExitCode.BAD_INPUT;
            }
            return line.run(args, out, err);
        }
        return launcherItself(args, out, err);
    }

    /** The subcommand {@code args} name, also through {@code help SUBCOMMAND}. */
    private static String command(String[] args) {
        if (args.length == 0) {
            return null;
        }
        if (args[0].equals("help") && args.length > 1) {
            return args[1];
        }
        return args[0];
    }

    private int runOnLines(String[] args, PrintWriter out, PrintWriter err) {
        List<Component> remaining = new ArrayList<>();
        for (Component line : lines.values()) {
            if (line.present()) {
                remaining.add(line);
            }
        }
        if (remaining.isEmpty()) {
            err.println("flinkext: the checkpoint tools are not built (no " + lines.keySet() + ")");
            err.flush();
            return ExitCode.BAD_INPUT;
        }
        String previous = System.getProperty(OtherLineException.PROPERTY);
        try {
            while (true) {
                Component line = remaining.remove(0);
                // Tells the line which other lines can take over (OtherLineException#lineAtHand).
                System.setProperty(OtherLineException.PROPERTY, lineNames(remaining));
                int code = line.run(args, out, err);
                if (code != ExitCode.OTHER_LINE || remaining.isEmpty()) {
                    return code;
                }
            }
        } finally {
            if (previous == null) {
                System.clearProperty(OtherLineException.PROPERTY);
            } else {
                System.setProperty(OtherLineException.PROPERTY, previous);
            }
        }
    }

    private static String lineNames(List<Component> components) {
        List<String> names = new ArrayList<>();
        for (Component component : components) {
            names.add(component.name().substring("tools-".length()));
        }
        return String.join(",", names);
    }

    /** No subcommand, an unknown one, or the launcher's own options (--help, --version). */
    private int launcherItself(String[] args, PrintWriter out, PrintWriter err) {
        String unknown = unknownCommand(args);
        if (unknown != null) {
            // Bad usage even with --help: there is no such command to describe.
            List<String> commands = new ArrayList<>(SNAPSHOT_COMMANDS);
            commands.addAll(FLINK2_COMMANDS);
            commands.addAll(MIGRATE_COMMANDS);
            err.println(
                    "flinkext: unknown command '"
                            + unknown
                            + "'; the commands are "
                            + String.join(", ", commands)
                            + " (flinkext --help describes them)");
            err.flush();
            return ExitCode.BAD_INPUT;
        }
        if (args.length == 1 && args[0].equals("help")) {
            args = new String[] {"--help"};
        }
        CommandSpec spec = CommandSpec.create().name("flinkext").mixinStandardHelpOptions(true);
        spec.version(versions().toArray(new String[0]));
        spec.usageMessage()
                .description(
                        "Sees into Flink checkpoints and savepoints of Flink 1.20 and 2.x, and"
                                + " migrates configuration across Flink lines.",
                        "A snapshot is read by the Flink line that wrote it, which every report"
                                + " names. Exit codes: 0 fine, 1 a problem found, 2 bad input.");
        describe(spec, lines.values().iterator().next(), LINE_CLI, SNAPSHOT_COMMANDS);
        describe(spec, lines.get(FLINK2), LINE_CLI, FLINK2_COMMANDS);
        describe(spec, migrate, MIGRATE_CLI, MIGRATE_COMMANDS);
        CommandLine cli = new CommandLine(spec);
        cli.setOut(out);
        cli.setErr(err);
        if (args.length == 0) {
            cli.usage(err);
            err.flush();
            return ExitCode.BAD_INPUT;
        }
        cli.setParameterExceptionHandler(
                (e, unused) -> {
                    err.println(e.getMessage());
                    cli.usage(err);
                    return ExitCode.BAD_INPUT;
                });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command {@code args} name when it is none of the launcher's (the components' commands are
     * dispatched before), or null: no command, an option, or {@code help} alone.
     */
    private static String unknownCommand(String[] args) {
        String command = command(args);
        if (command == null || command.startsWith("-")) {
            return null;
        }
        return args.length == 1 && command.equals("help") ? null : command;
    }

    /** The subcommands' one-line descriptions, as their components define them. */
    private static void describe(
            CommandSpec spec, Component component, String cliClass, List<String> commands) {
        for (String command : commands) {
            UsageMessageSpec usage = new UsageMessageSpec();
            if (component.present()) {
                usage.description(descriptionOf(component, cliClass, command));
            }
            spec.addSubcommand(command, CommandSpec.create().name(command).usageMessage(usage));
        }
    }

    private static String descriptionOf(Component component, String cliClass, String command) {
        Object cli = component.call(cliClass, "commandLine");
        try {
            Object subcommands = cli.getClass().getMethod("getSubcommands").invoke(cli);
            Object sub = ((Map<?, ?>) subcommands).get(command);
            if (sub == null) {
                throw new IllegalStateException(component.name() + " has no subcommand " + command);
            }
            Object commandSpec = sub.getClass().getMethod("getCommandSpec").invoke(sub);
            Object usage = commandSpec.getClass().getMethod("usageMessage").invoke(commandSpec);
            String[] description =
                    (String[]) usage.getClass().getMethod("description").invoke(usage);
            return description.length == 0 ? "" : firstSentence(description[0]);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    private List<String> versions() {
        List<String> versions = new ArrayList<>(Arrays.asList("flinkext " + FlinkextVersion.get()));
        for (Map.Entry<String, Component> line : lines.entrySet()) {
            if (line.getValue().present()) {
                versions.add(
                        "Flink "
                                + line.getKey()
                                + " line: reads with "
                                + line.getValue().call(FLINK_LINE, "readWith"));
            }
        }
        return versions;
    }

    public static void main(String[] args) {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null) {
            System.err.println(
                    "flinkext: system property " + HOME_PROPERTY + " is not set; use bin/flinkext");
            System.exit(ExitCode.BAD_INPUT);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(new Flinkext(Path.of(home)).run(args, out, err));
    }
}
