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
package dev.flinkext.tools.history;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.common.ReportOptions;
import dev.flinkext.tools.common.Sizes;
import dev.flinkext.tools.common.TextTable;
import dev.flinkext.tools.inspect.SnapshotInspector;
import dev.flinkext.tools.inspect.SnapshotReport;
import dev.flinkext.tools.options.ToolOptions;
import dev.flinkext.tools.options.UidOptions;
import dev.flinkext.tools.snapshot.KeyedStateReader;
import dev.flinkext.tools.snapshot.Locations;
import dev.flinkext.tools.snapshot.Snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code flinkext history <dir>}: the retained checkpoints (or archives) and their growth. */
@Internal
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the retained checkpoints of a job's checkpoint folder (or the archives of the"
                    + " tiered storage's archive folder for a job) with id, time, size and the size"
                    + " of each operator over time; --html writes a self-contained page with charts"
                    + " of each operator's and state's size over the checkpoints.",
            "Exit codes: 0 read, 2 bad usage or unreadable input."
        })
public final class HistoryCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private ToolOptions options;

    @Parameters(
            paramLabel = "DIR",
            description =
                    "A job's checkpoint folder (<checkpoint dir>/<job id>) or a job's archive"
                            + " folder (<archive dir>/<job id>).")
    private String path;

    @Mixin private ReportOptions output;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the charts to FILE.")
    private File html;

    @Mixin private UidOptions uids;

    @Option(
            names = "--skip-state-sizes",
            description = "Operator sizes and state names only (fast).")
    private boolean skipStateSizes;

    @Override
    public Integer call() throws Exception {
        options.initializeFileSystems();
        ClassLoader classLoader = options.classLoader();
        Path dir = Locations.resolve(path);
        List<FileStatus> folders = snapshotFolders(dir);
        Progress progress = output.progress();
        SnapshotInspector inspector =
                new SnapshotInspector(
                        new KeyedStateReader(classLoader, !skipStateSizes),
                        uids.operatorUids(),
                        progress);
        List<HistoryReport.Entry> entries = new ArrayList<>();
        for (FileStatus folder : folders) {
            Snapshot snapshot = Snapshot.load(folder.getPath(), classLoader);
            FileStatus metadata = Locations.statusOrNull(snapshot.metadataFile());
            entries.add(
                    new HistoryReport.Entry(
                            Instant.ofEpochMilli(metadata.getModificationTime()).toString(),
                            inspector.inspect(snapshot)));
        }
        entries.sort(
                Comparator.comparingLong((HistoryReport.Entry e) -> e.report().checkpointId())
                        .thenComparing(HistoryReport.Entry::modified));
        HistoryReport report = new HistoryReport(dir.toString(), entries);
        if (html != null) {
            try {
                Files.writeString(
                        html.toPath(), HistoryPage.render(report), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException(
                        html + ": cannot write the page: " + Locations.oneLine(e), e);
            }
        }
        output.print(
                spec,
                report,
                r -> render(r) + (html == null ? "" : "charts written to " + html + "\n"));
        return ExitCode.OK;
    }

    /** The child folders of {@code dir} that hold a _metadata (chk-N, or archives chk-N-T). */
    private static List<FileStatus> snapshotFolders(Path dir) throws BadInputException {
        FileStatus status = Locations.statusOrNull(dir);
        if (status == null || !status.isDir()) {
            throw new BadInputException(
                    dir
                            + ": "
                            + (status == null ? "does not exist" : "is a file")
                            + "; expected a job's checkpoint or archive folder");
        }
        List<FileStatus> folders = new ArrayList<>();
        FileStatus[] children;
        try {
            children = Locations.fileSystem(dir).listStatus(dir);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list: " + Locations.oneLine(e), e);
        }
        for (FileStatus child : children == null ? new FileStatus[0] : children) {
            if (child.isDir()
                    && Locations.statusOrNull(new Path(child.getPath(), Snapshot.METADATA_FILE))
                            != null) {
                folders.add(child);
            }
        }
        if (folders.isEmpty()) {
            throw new BadInputException(
                    dir
                            + ": no checkpoints here; expected folders with a _metadata (chk-N) in a"
                            + " job's checkpoint or archive folder");
        }
        return folders;
    }

    static String render(HistoryReport report) {
        Map<String, String> operators = new LinkedHashMap<>();
        for (HistoryReport.Entry entry : report.snapshots()) {
            for (SnapshotReport.Operator operator : entry.report().operators()) {
                operators.putIfAbsent(
                        operator.uidHash(),
                        operator.uid() != null
                                ? operator.uid()
                                : operator.uidHash().substring(0, 8));
            }
        }
        List<String> headers = new ArrayList<>(List.of("CHECKPOINT", "WRITTEN", "KIND", "TOTAL>"));
        operators.values().forEach(name -> headers.add(name + ">"));
        TextTable table = new TextTable("", headers.toArray(new String[0]));
        for (HistoryReport.Entry entry : report.snapshots()) {
            List<Object> row = new ArrayList<>();
            row.add("chk-" + entry.report().checkpointId());
            row.add(entry.modified());
            row.add(entry.report().kind());
            row.add(Sizes.format(entry.report().totalSizeBytes()));
            for (String uidHash : operators.keySet()) {
                Long size = null;
                for (SnapshotReport.Operator operator : entry.report().operators()) {
                    if (operator.uidHash().equals(uidHash)) {
                        size = operator.sizeBytes();
                    }
                }
                row.add(Sizes.format(size));
            }
            table.row(row.toArray());
        }
        return report.directory()
                + ": "
                + report.snapshots().size()
                + " checkpoints\n"
                + table.render();
    }
}
