package dev.flinkext.checkpoint.tiered;

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
    private static final Pattern ARCHIVE_NAME = Pattern.compile("chk-(\\d+)");

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
            prune(fs, jobDir, checkpointId);
        } catch (Throwable t) {
            LOG.warn("Could not prune the archives of job {} in {}", jobId, jobDir, t);
        }
        return true;
    }

    /** Keeps the newest {@code retained} complete archives younger than the max age. */
    private void prune(FileSystem fs, Path jobDir, long newest) throws IOException {
        FileStatus[] entries = fs.listStatus(jobDir);
        if (entries == null) {
            return;
        }
        List<long[]> complete = new ArrayList<>(); // {checkpoint id, modification time}
        List<Path> incomplete = new ArrayList<>();
        for (FileStatus entry : entries) {
            Matcher name = ARCHIVE_NAME.matcher(entry.getPath().getName());
            if (!entry.isDir() || !name.matches()) {
                continue;
            }
            long id = Long.parseLong(name.group(1));
            Path metadata = new Path(entry.getPath(), METADATA_FILE);
            if (fs.exists(metadata)) {
                complete.add(new long[] {id, fs.getFileStatus(metadata).getModificationTime()});
            } else if (id < newest) {
                incomplete.add(entry.getPath());
            }
        }
        complete.sort(Comparator.comparingLong((long[] archive) -> archive[0]).reversed());
        Duration maxAge = settings.maxAge();
        long now = System.currentTimeMillis();
        for (int i = 1; i < complete.size(); i++) {
            long[] archive = complete.get(i);
            boolean tooOld = maxAge != null && now - archive[1] > maxAge.toMillis();
            if (i >= settings.retained() || tooOld) {
                Path dir = new Path(jobDir, "chk-" + archive[0]);
                // _metadata first: an archive is never left looking complete but partly deleted.
                fs.delete(new Path(dir, METADATA_FILE), false);
                fs.delete(dir, true);
                LOG.info(
                        "Removed archive {} ({})",
                        dir,
                        tooOld ? "older than " + maxAge : "retention");
            }
        }
        for (Path leftover : incomplete) {
            fs.delete(leftover, true);
        }
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
