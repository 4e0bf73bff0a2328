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
package dev.flinkext.checkpoint.tiered.archive;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes archives: {@code <archive dir>/<job id>/chk-<n>/} with a copy of every file checkpoint n
 * references and a {@code _metadata} that points at the copies, written last (to a temporary name,
 * then renamed). A failed archive is deleted, never fails the job, and is reported in the {@link
 * TieredCheckpointStats}. After each archive the job's older archives are pruned by count and age,
 * and leftovers of failed ones (directories without {@code _metadata}) are removed.
 */
@Internal
final class CheckpointArchiver {

    static final String METADATA_FILE = "_metadata";
    static final String METADATA_IN_PROGRESS = "_metadata.inprogress";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointArchiver.class);

    /**
     * {@code chk-<id>}, or {@code chk-<id>-<completed at>} when a run of the same job id had it.
     */
    private static final Pattern ARCHIVE_NAME = Pattern.compile("chk-(\\d+)(-\\d+)?");

    private final JobID jobId;
    private final ArchiveSettings settings;

    CheckpointArchiver(JobID jobId, ArchiveSettings settings) {
        this.jobId = jobId;
        this.settings = settings;
    }

    /** The directory that holds a job's archives. */
    static Path jobDirectory(Path archiveDirectory, JobID jobId) {
        return new Path(archiveDirectory, jobId.toHexString());
    }

    /** Archives one checkpoint; false if it failed (reported, logged, and cleaned up). */
    boolean archive(CheckpointMetadata metadata, long completedAt, TieredCheckpointStats stats) {
        long checkpointId = metadata.getCheckpointId();
        Path jobDir = jobDirectory(settings.directory(), jobId);
        Path target = new Path(jobDir, "chk-" + checkpointId);
        long start = System.nanoTime();
        FileSystem fs = null;
        try {
            fs = target.getFileSystem();
            if (fs.exists(new Path(target, METADATA_FILE))) {
                // An archive of an earlier run under the same job id: never overwritten.
                target = new Path(jobDir, "chk-" + checkpointId + "-" + completedAt);
            }
            if (fs.exists(target)) {
                fs.delete(target, true);
            }
            fs.mkdirs(target);
            SnapshotCopier copier = new SnapshotCopier(fs, target);
            CheckpointMetadata copy = copier.copy(metadata);
            Path inProgress = new Path(target, METADATA_IN_PROGRESS);
            try (FSDataOutputStream out =
                    fs.create(inProgress, FileSystem.WriteMode.NO_OVERWRITE)) {
                Checkpoints.storeCheckpointMetadata(copy, out);
            }
            // Complete means complete when _metadata appears: every copy is still there.
            for (Path copied : copier.copiedFiles()) {
                if (!fs.exists(copied)) {
                    throw new IOException(
                            copied + " disappeared from the archive while writing it");
                }
            }
            if (!fs.rename(inProgress, new Path(target, METADATA_FILE))) {
                throw new IOException("Could not rename " + inProgress + " to " + METADATA_FILE);
            }
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            stats.archiveCompleted(checkpointId, completedAt, millis, copier.bytesCopied());
            LOG.info(
                    "Archived checkpoint {} of job {} to {}: {} files, {} bytes in {} ms",
                    checkpointId,
                    jobId,
                    target,
                    copier.filesCopied(),
                    copier.bytesCopied(),
                    millis);
        } catch (Throwable t) {
            String failure =
                    String.format(
                            "Archiving checkpoint %d of job %s to %s failed: %s",
                            checkpointId, jobId, target, t);
            stats.archiveFailed(failure);
            LOG.warn(
                    "{}. The job goes on; the next completed checkpoint is archived. If files were"
                            + " deleted while copying, the checkpoint was subsumed before the"
                            + " archive finished: retain more checkpoints"
                            + " (execution.checkpointing.num-retained).",
                    failure,
                    t);
            deleteQuietly(fs, target);
            return false;
        }
        try {
            prune(fs, jobDir, target);
        } catch (Throwable t) {
            LOG.warn("Could not prune the archives of job {} in {}", jobId, jobDir, t);
        }
        return true;
    }

    /**
     * Keeps the newest {@code retained} complete archives (by the time their {@code _metadata} was
     * written) that are younger than the max age, and always the one just written; removes
     * leftovers of failed archives (directories without {@code _metadata}).
     */
    private void prune(FileSystem fs, Path jobDir, Path written) throws IOException {
        FileStatus[] entries = fs.listStatus(jobDir);
        if (entries == null) {
            return;
        }
        List<Path> complete = new ArrayList<>();
        List<Long> writtenAt = new ArrayList<>();
        List<Path> incomplete = new ArrayList<>();
        for (FileStatus entry : entries) {
            if (!entry.isDir() || !ARCHIVE_NAME.matcher(entry.getPath().getName()).matches()) {
                continue;
            }
            Path metadata = new Path(entry.getPath(), METADATA_FILE);
            if (fs.exists(metadata)) {
                complete.add(entry.getPath());
                writtenAt.add(fs.getFileStatus(metadata).getModificationTime());
            } else if (!entry.getPath().getName().equals(written.getName())) {
                incomplete.add(entry.getPath());
            }
        }
        List<Integer> newestFirst = new ArrayList<>();
        for (int i = 0; i < complete.size(); i++) {
            newestFirst.add(i);
        }
        // Newest first; archives written within the clock's resolution by checkpoint id.
        newestFirst.sort(
                Comparator.comparingLong((Integer i) -> writtenAt.get(i))
                        .thenComparingLong(i -> checkpointId(complete.get(i)))
                        .reversed());
        Duration maxAge = settings.maxAge();
        long now = System.currentTimeMillis();
        int kept = 0;
        for (int i : newestFirst) {
            Path dir = complete.get(i);
            boolean justWritten = dir.getName().equals(written.getName());
            boolean tooOld = maxAge != null && now - writtenAt.get(i) > maxAge.toMillis();
            if (justWritten || (kept < settings.retained() && !tooOld)) {
                kept++;
                continue;
            }
            // _metadata first: an archive is never left looking complete but partly deleted.
            fs.delete(new Path(dir, METADATA_FILE), false);
            fs.delete(dir, true);
            LOG.info("Removed archive {} ({})", dir, tooOld ? "older than " + maxAge : "retention");
        }
        for (Path leftover : incomplete) {
            fs.delete(leftover, true);
        }
    }

    private static long checkpointId(Path archive) {
        Matcher name = ARCHIVE_NAME.matcher(archive.getName());
        return name.matches() ? Long.parseLong(name.group(1)) : -1;
    }

    private static void deleteQuietly(FileSystem fs, Path dir) {
        if (fs == null) {
            return;
        }
        try {
            fs.delete(dir, true);
        } catch (Throwable t) {
            LOG.warn(
                    "Could not delete the incomplete archive {}; it has no {} and is removed after"
                            + " the next archive",
                    dir,
                    METADATA_FILE,
                    t);
        }
    }
}
