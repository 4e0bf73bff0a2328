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
package dev.flinkext.tools.verify;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.common.ReportOptions;
import dev.flinkext.tools.common.Sizes;
import dev.flinkext.tools.common.TextTable;
import dev.flinkext.tools.options.ToolOptions;
import dev.flinkext.tools.options.UidOptions;
import dev.flinkext.tools.snapshot.OperatorUids;
import dev.flinkext.tools.snapshot.Snapshot;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code flinkext verify <path>}: every file a snapshot references is there, whole. */
@Internal
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Checks that every file a checkpoint or savepoint references exists, can be read and"
                    + " has the size its handle recorded (relative handles resolve against the"
                    + " snapshot's folder); names the operator, subtask and states of each missing"
                    + " or short file.",
            "--deep also restores every subtask's keyed and operator state offline with Flink's"
                    + " own restore code (heap or RocksDB backend, chosen by the snapshot's"
                    + " handles) and reads the restored state back.",
            "Exit codes: 0 all files fine (and, with --deep, every restore succeeded), 1 problems"
                    + " found, 2 bad usage or unreadable input."
        })
public final class VerifyCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private ToolOptions options;

    @Parameters(
            paramLabel = "PATH",
            description = "A chk-N folder, a savepoint folder or a _metadata file.")
    private String path;

    @Mixin private ReportOptions output;

    @Mixin private UidOptions uids;

    @Option(
            names = "--deep",
            description =
                    "Also restore every keyed and operator state with Flink's restore code"
                            + " (needs the job's classes for user types: --classpath).")
    private boolean deep;

    @Override
    public Integer call() throws Exception {
        options.initializeFileSystems();
        ClassLoader classLoader = options.classLoader();
        Snapshot snapshot = Snapshot.load(path, classLoader);
        Progress progress = output.progress();
        OperatorUids operatorUids = uids.operatorUids().with(snapshot.metadata());
        VerifyReport report =
                new SnapshotVerifier(classLoader, operatorUids, progress).verify(snapshot);
        if (deep) {
            DeepVerifier.Result restores =
                    new DeepVerifier(classLoader, options.configuration(), operatorUids, progress)
                            .verify(snapshot);
            report = report.withRestores(restores.restores(), restores.notRestored());
        }
        output.print(spec, report, VerifyCommand::render);
        return report.fine() ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
    }

    static String render(VerifyReport report) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "checkpoint %d at %s (read with %s): %d files (%s) and %d streams inline in"
                                + " _metadata%n",
                        report.checkpointId(),
                        report.path(),
                        report.readWith(),
                        report.files(),
                        Sizes.format(report.fileBytes()),
                        report.inlineStreams()));
        if (report.problems().isEmpty()) {
            out.append("all files present, readable and of the recorded size\n");
        } else {
            renderProblems(report, out);
        }
        if (report.restores() != null) {
            renderRestores(report, out);
        }
        return out.toString();
    }

    private static void renderRestores(VerifyReport report, StringBuilder out) {
        List<VerifyReport.Restore> restores = report.restores();
        int failed = report.restoreFailures();
        out.append(
                String.format(
                        "deep: %d of %d subtask states restored with Flink's restore code%s%n",
                        restores.size() - failed,
                        restores.size(),
                        failed == 0 ? "" : ", " + failed + " failed"));
        TextTable table =
                new TextTable(
                        "",
                        "OPERATOR",
                        "SUBTASK>",
                        "STATE",
                        "BACKEND",
                        "STATES>",
                        "KEYS>",
                        "ENTRIES>",
                        "RESULT");
        for (VerifyReport.Restore restore : restores) {
            long keys = 0;
            for (VerifyReport.RestoredState state : restore.states()) {
                keys += state.keys() == null ? 0 : state.keys();
            }
            table.row(
                    restore.uid() == null ? restore.operator() : restore.uid(),
                    String.valueOf(restore.subtask()),
                    restore.part(),
                    restore.backend(),
                    restore.states().isEmpty() ? "-" : String.valueOf(restore.states().size()),
                    restore.part().equals("keyed state") && restore.restored()
                            ? String.format("%,d", keys)
                            : "-",
                    restore.rocksdbEntries() == null
                            ? "-"
                            : String.format("%,d", restore.rocksdbEntries()),
                    restore.restored() ? "restored" : "FAILED: " + restore.error());
        }
        out.append(table.render());
        for (String skipped : report.notRestored()) {
            out.append("not restored: ").append(skipped).append('\n');
        }
    }

    private static void renderProblems(VerifyReport report, StringBuilder out) {
        out.append(report.problems().size()).append(" problems:\n");
        TextTable table =
                new TextTable(
                        "",
                        "PROBLEM",
                        "FILE",
                        "EXPECTED>",
                        "ACTUAL>",
                        "OPERATOR",
                        "SUBTASK>",
                        "HOLDS",
                        "STATES");
        for (VerifyReport.Problem problem : report.problems()) {
            table.row(
                    problem.problem()
                            + (problem.detail() == null ? "" : " (" + problem.detail() + ")"),
                    problem.path(),
                    Sizes.format(problem.expectedBytes()),
                    Sizes.format(problem.actualBytes()),
                    problem.uid() == null ? problem.operator() : problem.uid(),
                    problem.subtask() < 0 ? "-" : String.valueOf(problem.subtask()),
                    problem.holds(),
                    String.join(", ", problem.states()));
        }
        out.append(table.render());
    }
}
