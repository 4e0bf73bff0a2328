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
import dev.flinkext.tools.common.Sizes;
import dev.flinkext.tools.common.TextTable;
import dev.flinkext.tools.options.ToolOptions;
import dev.flinkext.tools.snapshot.FlinkLine;
import dev.flinkext.tools.snapshot.Locations;
import dev.flinkext.tools.snapshot.Snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.TimeUtils;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        Progress progress = output.progress();
        OrphanScan scan =
                new OrphanScan(
                                Locations.resolve(path),
                                extra,
                                options.classLoader(),
                                threshold,
                                Instant.now(),
                                jobStopped,
                                progress)
                        .run();
        List<String> deleted = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long freed = 0;
        if (delete) {
            refuseIfUnsafe(scan);
            scan.rereadNewCheckpoints();
            refuseIfUnsafe(scan);
            freed = deleteOrphans(scan, deleted, failed);
        } else {
            for (String reason : scan.unsafeReasons()) {
                spec.commandLine().getErr().println("flinkext orphans: warning: " + reason);
            }
        }
        OrphansReport report = report(scan, deleted, freed, failed);
        output.print(spec, report, r -> render(r, delete));
        if (delete) {
            return failed.isEmpty() ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
        }
        return report.orphans().isEmpty() ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
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

    /**
     * Deletes each orphan that is still there, still unreferenced and unchanged since the scan;
     * then each chk-N folder without _metadata left empty.
     */
    private static long deleteOrphans(OrphanScan scan, List<String> deleted, List<String> failed) {
        long freed = 0;
        long cutoff = Instant.now().minus(scan.olderThan()).toEpochMilli();
        List<Path> emptiedFolders = new ArrayList<>();
        for (Map.Entry<String, OrphanScan.Found> orphan : scan.orphans().entrySet()) {
            Path file = orphan.getValue().path();
            try {
                FileSystem fs = file.getFileSystem();
                FileStatus now = fs.getFileStatus(file);
                if (scan.isReferenced(file)
                        || now.getModificationTime() != orphan.getValue().modified()
                        || now.getLen() != orphan.getValue().length()
                        || now.getModificationTime() > cutoff) {
                    continue;
                }
                if (fs.delete(file, false)) {
                    deleted.add(file.toString());
                    freed += now.getLen();
                    Path parent = file.getParent();
                    if (Snapshot.checkpointNumber(parent.getName()) >= 0
                            && !emptiedFolders.contains(parent)) {
                        emptiedFolders.add(parent);
                    }
                } else {
                    failed.add(file.toString());
                }
            } catch (java.io.FileNotFoundException e) {
                // Gone meanwhile: nothing to do.
            } catch (IOException e) {
                failed.add(file + " (" + Locations.oneLine(e) + ")");
            }
        }
        for (Path folder : emptiedFolders) {
            try {
                FileSystem fs = folder.getFileSystem();
                FileStatus[] left = fs.listStatus(folder);
                if ((left == null || left.length == 0)
                        && !fs.exists(new Path(folder, Snapshot.METADATA_FILE))
                        && fs.delete(folder, false)) {
                    deleted.add(folder + "/");
                }
            } catch (IOException e) {
                failed.add(folder + "/ (" + Locations.oneLine(e) + ")");
            }
        }
        return freed;
    }

    private static OrphansReport report(
            OrphanScan scan, List<String> deleted, long freed, List<String> failed) {
        List<OrphansReport.Orphan> orphans = new ArrayList<>();
        long bytes = 0;
        for (OrphanScan.Found orphan : scan.orphans().values()) {
            orphans.add(
                    new OrphansReport.Orphan(
                            orphan.path().toString(),
                            orphan.length(),
                            Instant.ofEpochMilli(orphan.modified()).toString()));
            bytes += orphan.length();
        }
        List<OrphansReport.WorkingDatabase> databases = new ArrayList<>();
        for (OrphanScan.WorkingDatabase database : scan.workingDatabases()) {
            databases.add(
                    new OrphansReport.WorkingDatabase(
                            database.path(), database.files(), database.bytes()));
        }
        return new OrphansReport(
                scan.jobDir().toString(),
                scan.checkpoints(),
                scan.referencingCheckpoints(),
                scan.referencedFiles(),
                orphans,
                bytes,
                scan.olderThan().toSeconds(),
                scan.youngUnreferencedFiles(),
                scan.inProgressFolders(),
                databases,
                deleted,
                freed,
                failed,
                FlinkLine.readWith());
    }

    static String render(OrphansReport report, boolean deleting) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "%d completed checkpoints here (%s)%s reference %d files (read with %s)%n",
                        report.checkpoints().size(),
                        String.join(", ", names(report.checkpoints())),
                        report.referencingCheckpoints().isEmpty()
                                ? ""
                                : " and "
                                        + report.referencingCheckpoints().size()
                                        + " of sibling jobs or --reference",
                        report.referencedFiles(),
                        report.readWith()));
        for (String folder : report.inProgressFolders()) {
            out.append("left alone: ")
                    .append(folder)
                    .append(" (no _metadata, modified recently: still being written?)\n");
        }
        for (OrphansReport.WorkingDatabase database : report.workingDatabases()) {
            out.append(
                    String.format(
                            "left alone: %d unreferenced files (%s) in ForSt working database %s"
                                    + " (a running job's; --job-stopped once it runs no more)%n",
                            database.unreferencedFiles(),
                            Sizes.format(database.unreferencedBytes()),
                            database.path()));
        }
        if (report.youngUnreferencedFiles() > 0) {
            out.append(
                    String.format(
                            "left alone: %d unreferenced files modified less than %s ago%n",
                            report.youngUnreferencedFiles(),
                            Duration.ofSeconds(report.olderThanSeconds())));
        }
        if (report.orphans().isEmpty()) {
            out.append("no orphans\n");
        } else {
            out.append(
                    String.format(
                            "%d orphans, %s:%n",
                            report.orphans().size(), Sizes.format(report.orphanBytes())));
            TextTable table = new TextTable("", "FILE", "SIZE>", "MODIFIED");
            for (OrphansReport.Orphan orphan : report.orphans()) {
                table.row(orphan.path(), Sizes.format(orphan.sizeBytes()), orphan.modified());
            }
            out.append(table.render());
        }
        if (deleting) {
            out.append(
                    String.format(
                            "deleted %d files and folders, freed %s%n",
                            report.deleted().size(), Sizes.format(report.freedBytes())));
            for (String failure : report.failedDeletes()) {
                out.append("could not delete: ").append(failure).append('\n');
            }
        } else if (!report.orphans().isEmpty()) {
            out.append("dry run: nothing deleted (--delete removes the orphans)\n");
        }
        return out.toString();
    }

    private static List<String> names(List<String> folders) {
        List<String> names = new ArrayList<>();
        for (String folder : folders) {
            names.add(new Path(folder).getName());
        }
        return names;
    }
}
