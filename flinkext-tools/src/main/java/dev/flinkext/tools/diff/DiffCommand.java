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
package dev.flinkext.tools.diff;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.common.ReportOptions;
import dev.flinkext.tools.common.Sizes;
import dev.flinkext.tools.common.TextTable;
import dev.flinkext.tools.inspect.SnapshotInspector;
import dev.flinkext.tools.options.ToolOptions;
import dev.flinkext.tools.options.UidOptions;
import dev.flinkext.tools.snapshot.KeyedStateReader;
import dev.flinkext.tools.snapshot.Snapshot;
import dev.flinkext.tools.snapshot.StateFile;
import dev.flinkext.tools.snapshot.StateFiles;
import dev.flinkext.tools.snapshot.UnsupportedHandleException;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code flinkext diff <a> <b>}: how state changed between two snapshots. */
@Internal
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Compares two checkpoints or savepoints of a job: per operator and state the size"
                    + " change, states and operators added and removed, and the streams b reuses"
                    + " from a (an incremental checkpoint's shared files) and the bytes it adds.",
            "Exit codes: 0 compared, 2 bad usage or unreadable input."
        })
public final class DiffCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private ToolOptions options;

    @Parameters(index = "0", paramLabel = "A", description = "The earlier snapshot.")
    private String a;

    @Parameters(index = "1", paramLabel = "B", description = "The later snapshot.")
    private String b;

    @Mixin private ReportOptions output;

    @Mixin private UidOptions uids;

    @Option(
            names = "--skip-state-sizes",
            description = "Compare operator sizes and state names only (fast).")
    private boolean skipStateSizes;

    @Option(
            names = "--files",
            description =
                    "Also list every stream of B that is one of A's (an incremental"
                            + " checkpoint's reused shared files).")
    private boolean files;

    @Override
    public Integer call() throws Exception {
        options.initializeFileSystems();
        ClassLoader classLoader = options.classLoader();
        SnapshotInspector inspector =
                new SnapshotInspector(
                        new KeyedStateReader(classLoader, !skipStateSizes),
                        uids.operatorUids(),
                        output.progress());
        Snapshot snapshotA = Snapshot.load(a, classLoader);
        Snapshot snapshotB = Snapshot.load(b, classLoader);
        DiffReport report =
                SnapshotDiff.of(
                        inspector.inspect(snapshotA),
                        inspector.inspect(snapshotB),
                        streams(snapshotA),
                        streams(snapshotB));
        output.print(spec, report, r -> render(r, files));
        return ExitCode.OK;
    }

    private static List<StateFile> streams(Snapshot snapshot) throws BadInputException {
        try {
            return StateFiles.of(snapshot.metadata());
        } catch (UnsupportedHandleException e) {
            throw new BadInputException(snapshot.metadataFile() + ": " + e.getMessage(), e);
        }
    }

    static String render(DiffReport report, boolean files) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "a: %s %d at %s%nb: %s %d at %s%n(read with %s)%n",
                        report.a().kind(),
                        report.a().checkpointId(),
                        report.a().path(),
                        report.b().kind(),
                        report.b().checkpointId(),
                        report.b().path(),
                        report.readWith()));
        out.append(
                String.format(
                        "total %s -> %s (%s); b reuses %d streams of a (%s) and adds %d (%s)%n%n",
                        Sizes.format(report.totalSizeBytesA()),
                        Sizes.format(report.totalSizeBytesB()),
                        Sizes.formatChange(report.changeBytes()),
                        report.reusedStreams(),
                        Sizes.format(report.reusedBytes()),
                        report.addedStreams(),
                        Sizes.format(report.addedBytes())));
        TextTable table =
                new TextTable(
                        "",
                        "OPERATOR / STATE",
                        "KIND",
                        "STATUS",
                        "A>",
                        "B>",
                        "CHANGE>",
                        "B REUSES>",
                        "B ADDS>");
        for (DiffReport.Operator operator : report.operators()) {
            boolean inB = !operator.status().equals(SnapshotDiff.REMOVED);
            table.row(
                    operator.uid() == null ? operator.uidHash() : operator.uid(),
                    "",
                    operator.status(),
                    Sizes.format(operator.sizeBytesA()),
                    Sizes.format(operator.sizeBytesB()),
                    Sizes.formatChange(operator.changeBytes()),
                    inB ? Sizes.format(operator.reusedBytes()) : "-",
                    inB ? Sizes.format(operator.addedBytes()) : "-");
            for (DiffReport.State state : operator.states()) {
                table.row(
                        "  " + state.name(),
                        state.kind(),
                        state.status(),
                        Sizes.format(state.sizeBytesA()),
                        Sizes.format(state.sizeBytesB()),
                        state.changeBytes() == null ? "?" : Sizes.formatChange(state.changeBytes()),
                        "",
                        "");
            }
        }
        out.append(table.render());
        out.append("(- absent or not attributable; ? change unknown)\n");
        if (files && !report.reusedFiles().isEmpty()) {
            out.append("\nstreams of b that are a's:\n");
            TextTable reused = new TextTable("", "FILE", "SIZE>", "OPERATOR", "SUBTASK>", "HOLDS");
            for (DiffReport.ReusedFile file : report.reusedFiles()) {
                reused.row(
                        file.path() + (file.offset() > 0 ? " @" + file.offset() : ""),
                        Sizes.format(file.sizeBytes()),
                        file.uid() == null ? file.uidHash() : file.uid(),
                        file.subtask() < 0 ? "-" : String.valueOf(file.subtask()),
                        file.holds());
            }
            out.append(reused.render());
        } else if (!files && !report.reusedFiles().isEmpty()) {
            out.append("(--files lists the streams b reuses)\n");
        }
        return out.toString();
    }
}
