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
package dev.flinkext.tools.orphans;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.common.ReportOptions;
import dev.flinkext.tools.options.ToolOptions;
import dev.flinkext.tools.snapshot.Locations;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.TimeUtils;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code flinkext orphans <job checkpoint dir>}: files no completed checkpoint references; a dry
 * run unless {@code --delete}.
 */
@Internal
@Command(
        name = "orphans",
        mixinStandardHelpOptions = true,
        description = {
            "Finds the files under a job's chk-N folders, shared/ and taskowned/ that no completed"
                    + " checkpoint's _metadata references (the job's own and its sibling jobs', since"
                    + " a job restored in CLAIM mode references the files of the job it came from)."
                    + " A dry run unless --delete.",
            "--delete removes only unreferenced files last modified more than --older-than ago,"
                    + " never a file any _metadata references, never anything in a chk-N folder"
                    + " without _metadata that is still being written, never the files of a ForSt"
                    + " working database (shared/op_*_attempt_*/) unless --job-stopped, and"
                    + " nothing at all when a _metadata cannot be read.",
            "Exit codes: 0 no orphans (or all deleted), 1 orphans found (or not all deleted), 2 bad"
                    + " usage, unreadable input, or deletion refused."
        })
public final class OrphansCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private ToolOptions options;

    @Parameters(
            paramLabel = "JOB_DIR",
            description = "A job's checkpoint folder: <execution.checkpointing.dir>/<job id>.")
    private String path;

    @Option(names = "--delete", description = "Delete the orphans (default: only list them).")
    private boolean delete;

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description =
                    "Only files last modified longer ago than this count as orphans, so that"
                            + " an in-flight checkpoint's files are never touched (default: ${DEFAULT-VALUE};"
                            + " e.g. 30min, 2h, 1d).")
    private String olderThan;

    @Option(
            names = "--job-stopped",
            description =
                    "The job runs no more (cancelled, failed, finished, or its cluster is gone):"
                            + " the files of its ForSt working databases (shared/op_*_attempt_*/)"
                            + " that no checkpoint references count as orphans too. Without it they"
                            + " are left alone: a running ForSt job (asynchronous state API) keeps"
                            + " its database there, and its newest files are in no checkpoint yet.")
    private boolean jobStopped;

    @Option(
            names = "--reference",
            paramLabel = "DIR",
            description =
                    "More folders whose _metadata files count as references (checkpoints or"
                            + " savepoints elsewhere that were restored from this job; repeatable).")
    private List<String> references = new ArrayList<>();

    @Mixin private ReportOptions output;

    @Override
    public Integer call() throws Exception {
        Duration threshold;
        try {
            threshold = TimeUtils.parseDuration(olderThan);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(
                    "--older-than " + olderThan + ": not a duration (e.g. 30min, 2h, 1d)", e);
        }
        options.initializeFileSystems();
        List<Path> extra = new ArrayList<>();
        for (String reference : references) {
            extra.add(Locations.resolve(reference));
        }
        // Progress whenever stderr is a terminal, with --json too: listing millions of files takes
        // minutes, and stderr is not what a script reads from stdout.
        Progress progress = Progress.onTerminal();
        OrphanScan scan =
                new OrphanScan(
                                Locations.resolve(path),
                                extra,
                                options.classLoader(),
                                threshold,
                                Instant.now(),
                                jobStopped,
                                progress)
                        .readReferences();
        if (delete) {
            refuseIfUnsafe(scan);
        } else {
            for (String reason : scan.unsafeReasons()) {
                spec.commandLine().getErr().println("flinkext orphans: warning: " + reason);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        String refusal = null;
        long orphans;
        long failures;
        try (OrphansOutput report =
                output.json() ? new OrphansJson(out, progress) : new OrphansText(out, progress)) {
            report.begin(scan);
            if (delete) {
                try (OrphanDeleter deleter = new OrphanDeleter(scan, report, progress)) {
                    scan.walk(deleter);
                    deleter.finish();
                    refusal = deleter.refusal();
                }
            } else {
                scan.walk(report::orphan);
            }
            progress.done();
            report.end(scan, delete);
            orphans = report.orphans();
            failures = report.failures().size();
        }
        if (refusal != null) {
            throw new BadInputException(
                    "refused to delete further: what a checkpoint references is unknown ("
                            + refusal
                            + "); the files listed as deleted were deleted before");
        }
        if (delete) {
            return failures == 0 ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
        }
        return orphans == 0 ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
    }

    private static void refuseIfUnsafe(OrphanScan scan) throws BadInputException {
        if (!scan.unsafeReasons().isEmpty()) {
            throw new BadInputException(
                    "refusing to delete: what a checkpoint references is unknown ("
                            + scan.unsafeReasons().get(0)
                            + (scan.unsafeReasons().size() > 1
                                    ? "; and " + (scan.unsafeReasons().size() - 1) + " more"
                                    : "")
                            + ")");
        }
    }
}
