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
package dev.flinkext.tools.inspect;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.common.ReportOptions;
import dev.flinkext.tools.common.Sizes;
import dev.flinkext.tools.common.TextTable;
import dev.flinkext.tools.options.ToolOptions;
import dev.flinkext.tools.options.UidOptions;
import dev.flinkext.tools.snapshot.KeyedStateReader;
import dev.flinkext.tools.snapshot.Snapshot;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flinkext inspect <path>}: what a checkpoint or savepoint holds, per operator and state.
 */
@Internal
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Shows what a checkpoint or savepoint holds: id, kind, format version; per operator its"
                    + " uid hash, parallelism, sizes (inline in _metadata vs in files, RocksDB"
                    + " shared vs private); per state its name, kind and size where the format"
                    + " allows attributing one.",
            "Exit codes: 0 read, 2 bad usage or unreadable input."
        })
public final class InspectCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private ToolOptions options;

    @Parameters(
            paramLabel = "PATH",
            description =
                    "A chk-N folder, a savepoint folder or a _metadata file (any Flink"
                            + " filesystem: /local, file:/, hdfs://, s3://).")
    private String path;

    @Mixin private ReportOptions output;

    @Mixin private UidOptions uids;

    @Option(
            names = "--skip-state-sizes",
            description =
                    "Read only the state meta information at the start of each keyed"
                            + " stream (fast), not the key groups: keyed state sizes stay unknown.")
    private boolean skipStateSizes;

    @Override
    public Integer call() throws Exception {
        options.initializeFileSystems();
        ClassLoader classLoader = options.classLoader();
        Snapshot snapshot = Snapshot.load(path, classLoader);
        SnapshotReport report =
                new SnapshotInspector(
                                new KeyedStateReader(classLoader, !skipStateSizes),
                                uids.operatorUids(),
                                output.progress())
                        .inspect(snapshot);
        output.print(spec, report, InspectCommand::render);
        return ExitCode.OK;
    }

    /** The human output: a summary, the operators table, and each operator's states. */
    static String render(SnapshotReport report) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "%s %d (metadata format version %d, read with %s) at %s%n",
                        report.kind(),
                        report.checkpointId(),
                        report.formatVersion(),
                        report.readWith(),
                        report.path()));
        out.append(
                String.format(
                        "total %s: %s in files, %s inline in _metadata (_metadata is %s)%n%n",
                        Sizes.format(report.totalSizeBytes()),
                        Sizes.format(report.fileBytes()),
                        Sizes.format(report.inlineBytes()),
                        Sizes.format(report.metadataBytes())));
        // Flink 2.x records each operator's name; 1.20 does not, and its table has no NAME.
        boolean named = report.operators().stream().anyMatch(o -> o.name() != null);
        List<String> columns = new ArrayList<>(List.of("OPERATOR (UID HASH)", "UID"));
        if (named) {
            columns.add("NAME");
        }
        columns.addAll(
                List.of(
                        "PARALLELISM>",
                        "MAX PARALLELISM>",
                        "SIZE>",
                        "INLINE>",
                        "FILES>",
                        "SHARED>",
                        "PRIVATE>"));
        TextTable operators = new TextTable("", columns.toArray(new String[0]));
        for (SnapshotReport.Operator operator : report.operators()) {
            List<Object> cells = new ArrayList<>();
            cells.add(operator.uidHash());
            cells.add(operator.uid() == null ? "-" : operator.uid());
            if (named) {
                cells.add(operator.name() == null ? "-" : operator.name());
            }
            cells.addAll(
                    Arrays.asList(
                            operator.parallelism(),
                            operator.maxParallelism(),
                            Sizes.format(operator.sizeBytes()),
                            Sizes.format(operator.inlineBytes()),
                            Sizes.format(operator.fileBytes()),
                            Sizes.format(operator.sharedBytes()),
                            Sizes.format(operator.privateBytes())));
            operators.row(cells.toArray());
        }
        out.append(operators.render());
        for (SnapshotReport.Operator operator : report.operators()) {
            if (operator.states().isEmpty() && operator.sizeBytes() == 0) {
                continue;
            }
            out.append(
                    String.format(
                            "%noperator %s%s%s%n",
                            operator.uidHash(),
                            operator.uid() == null ? "" : " (" + operator.uid() + ")",
                            operator.keyedFormat() == null
                                    ? ""
                                    : ", keyed state format: " + operator.keyedFormat()));
            TextTable states = new TextTable("  ", "STATE", "KIND", "SIZE>");
            for (SnapshotReport.State state : operator.states()) {
                states.row(
                        state.name(),
                        state.kind(),
                        state.sizeBytes() == null
                                ? "not attributable"
                                : Sizes.format(state.sizeBytes()));
            }
            states.row(
                    "(not attributed to a state)", "", Sizes.format(operator.unattributedBytes()));
            out.append(states.render());
            for (String note : operator.notes()) {
                out.append("  note: ").append(note).append('\n');
            }
        }
        return out.toString();
    }
}
