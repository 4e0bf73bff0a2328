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
import dev.flinkext.tools.common.ReportOptions;
import dev.flinkext.tools.common.TextTable;
import dev.flinkext.tools.options.ToolOptions;
import dev.flinkext.tools.options.UidOptions;
import dev.flinkext.tools.snapshot.Locations;
import dev.flinkext.tools.snapshot.Snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Flink 2.x only. {@code flinkext upgrade}: will a Flink 1.x savepoint restore on Flink 2.x, and a
 * converted one that does. Only the 2.x line has it: the verdicts are Flink 2.x's own.
 */
@Internal
@Command(
        name = "upgrade",
        mixinStandardHelpOptions = true,
        description = {
            "Whether a Flink 1.x savepoint restores on Flink 2.x, state by state: check. A"
                    + " savepoint that does: convert. See docs/tools.md and docs/migration.md.",
        },
        subcommands = {UpgradeCommand.Check.class, UpgradeCommand.Convert.class})
public final class UpgradeCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT;
    }

    /** {@code flinkext upgrade check <path>}. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Per operator and state: the recorded serializers, the ones a Flink 2.x job"
                        + " registers, and Flink 2.x's verdict: restores, fails (Flink 2.x's own"
                        + " compatibility resolution says incompatible, or its serializers cannot"
                        + " read the bytes) or silently wrong (Flink 2.x resolves the serializers"
                        + " compatible but reads values differently from the Flink that wrote"
                        + " them, or not to their end). Every value of a state with Kryo or"
                        + " retyped POJO fields is decoded both ways; also names what else stops"
                        + " a Flink 2.x restore.",
                "Exit codes: 0 everything restores on Flink 2.x, 1 something does not, 2 bad"
                        + " usage or unreadable input."
            })
    public static final class Check implements Callable<Integer> {

        @Spec private CommandSpec spec;

        @Mixin private ToolOptions options;

        @Parameters(
                paramLabel = "PATH",
                description = "A savepoint folder or its _metadata file (a checkpoint's too).")
        private String path;

        @Mixin private ReportOptions output;

        @Mixin private UidOptions uids;

        @Override
        public Integer call() throws Exception {
            UpgradeReport report = run(options, uids, output, path, SavepointUpgrade::check);
            output.print(spec, report, UpgradeCommand::render);
            return report.restoresOnFlink2() ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
        }
    }

    /** {@code flinkext upgrade convert <path> --out <folder>}. */
    @Command(
            name = "convert",
            mixinStandardHelpOptions = true,
            description = {
                "Writes a new savepoint that Flink 2.x restores exactly: Kryo-serialized keys,"
                        + " namespaces, values, map keys, list elements, timers, operator and"
                        + " broadcast state re-encoded as Flink 2.x's Kryo 5 writes them, POJO"
                        + " fields Flink 2.x types anew (FLIP-398) re-encoded with its"
                        + " serializers and snapshots, everything else copied byte for byte."
                        + " Reads canonical savepoints of Flink 1.x; the input is never changed."
                        + " Before it reports success it reads every converted entry back with"
                        + " Flink 2.x's serializers and checks the output as upgrade check does;"
                        + " on any failure it removes the output.",
                "Exit codes: 0 converted and checked, 2 bad usage, unreadable or refused input."
            })
    public static final class Convert implements Callable<Integer> {

        @Spec private CommandSpec spec;

        @Mixin private ToolOptions options;

        @Parameters(paramLabel = "PATH", description = "A canonical savepoint of Flink 1.x.")
        private String path;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FOLDER",
                description = "The new savepoint's folder (new, or empty).")
        private String out;

        @Mixin private ReportOptions output;

        @Mixin private UidOptions uids;

        @Override
        public Integer call() throws Exception {
            Path folder = new Path(Locations.resolve(out).toUri());
            UpgradeReport report =
                    run(
                            options,
                            uids,
                            output,
                            path,
                            (upgrade, snapshot) -> upgrade.convert(snapshot, folder));
            output.print(spec, report, UpgradeCommand::render);
            return ExitCode.OK;
        }
    }

    /** What a subcommand does with the snapshot, once read. */
    private interface Action {
        UpgradeReport apply(SavepointUpgrade upgrade, Snapshot snapshot) throws Exception;
    }

    /** Reads the snapshot at {@code path} with the job's classes and runs {@code action} on it. */
    private static UpgradeReport run(
            ToolOptions options, UidOptions uids, ReportOptions output, String path, Action action)
            throws Exception {
        options.initializeFileSystems();
        ClassLoader classLoader = options.classLoader();
        Snapshot snapshot = Snapshot.load(path, classLoader);
        SavepointUpgrade upgrade =
                new SavepointUpgrade(
                        classLoader,
                        uids.operatorUids().with(snapshot.metadata()),
                        output.progress());
        return action.apply(upgrade, snapshot);
    }

    static String render(UpgradeReport report) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "%s %d at %s, written by %s (read with %s)%n",
                        report.output() == null ? "checked" : "converted",
                        report.checkpointId(),
                        report.path(),
                        report.writtenBy(),
                        report.readWith()));
        TextTable table =
                new TextTable(
                        "", "operator", "state", "kind", "entries", "on Flink 2.x", "serializers");
        for (UpgradeReport.Operator operator : report.operators()) {
            String name = operator.uid() != null ? operator.uid() : operator.uidHash();
            for (UpgradeReport.State state : operator.states()) {
                table.row(
                        name,
                        state.state(),
                        state.kind(),
                        state.entries(),
                        state.verdict(),
                        state.serializers().equals(state.flink2Serializers())
                                ? state.serializers()
                                : state.serializers() + "  =>  " + state.flink2Serializers());
            }
        }
        if (!table.isEmpty()) {
            out.append(table.render());
        }
        for (UpgradeReport.Operator operator : report.operators()) {
            String name = operator.uid() != null ? operator.uid() : operator.uidHash();
            for (UpgradeReport.State state : operator.states()) {
                if (state.reason() != null) {
                    out.append(
                            String.format(
                                    "%s / %s: %s: %s%n",
                                    name, state.state(), state.verdict(), state.reason()));
                }
            }
            for (String problem : operator.problems()) {
                out.append(String.format("%s: %s%n", name, problem));
            }
        }
        if (report.output() != null) {
            out.append(
                    String.format(
                            "wrote %s: %d files, %d bytes in %.2f s; %s%n",
                            report.output().path(),
                            report.output().files(),
                            report.output().bytes(),
                            report.output().seconds(),
                            report.output().checked()));
        } else {
            out.append(
                    report.restoresOnFlink2()
                            ? "every state restores on Flink 2.x\n"
                            : "not every state restores on Flink 2.x as it is: flinkext upgrade"
                                    + " convert writes a savepoint that does\n");
        }
        return out.toString();
    }
}
