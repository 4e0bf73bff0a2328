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
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.orphans.FolderListing.Folder;
import dev.flinkext.tools.snapshot.Locations;
import dev.flinkext.tools.snapshot.Snapshot;
import dev.flinkext.tools.snapshot.StateFile;
import dev.flinkext.tools.snapshot.StateFiles;
import dev.flinkext.tools.snapshot.UnsupportedHandleException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reference graph of a job's checkpoint folder and the files outside it.
 *
 * <p>References come from every completed checkpoint's {@code _metadata} ({@code chk-N/_metadata})
 * in the job's folder <em>and in its sibling job folders</em> (a job restored in CLAIM mode keeps
 * referencing the files of the job it was restored from), plus any extra folders given. Candidates
 * are the files under the job's {@code chk-*}, {@code shared/} and {@code taskowned/}, except
 * {@code _metadata} files. A candidate is an orphan when no metadata references it and it was last
 * modified more than the threshold ago; a {@code chk-N} folder without {@code _metadata} in which
 * anything is younger than that is still being written and left alone whole.
 *
 * <p>Flink 2.x's ForSt backend, with the asynchronous state API and its default {@code
 * state.backend.forst.primary-dir: checkpoint-dir}, keeps each subtask's working database in the
 * job's {@code shared/} folder, in {@code shared/op_<operator>_attempt_<n>/db/} ({@code
 * ForStStateBackend#createForStPathContainer}), and its checkpoints reference those files in place.
 * The database writes new files there (flushes, compactions) that no completed checkpoint
 * references yet, however old they get while no checkpoint completes; whether the job still runs
 * cannot be read from the files. So the unreferenced files of such a folder are never candidates,
 * unless the caller says the job runs no more ({@code jobStopped}); they are counted per folder in
 * {@link #workingDatabases()}.
 *
 * <p>Metadata that cannot be read, or handles whose files cannot be known, make the scan unsafe:
 * {@link #unsafeReasons()} says why, and nothing may be deleted then.
 *
 * <p>A busy job's folder holds millions of files: the references are read first ({@link
 * #readReferences()}) and are all this keeps; {@link #walk} then lists the candidates depth first,
 * an entry at a time where the filesystem allows ({@link FolderListing}), and hands each orphan to
 * a {@link Sink} as it is found.
 */
@Internal
public final class OrphanScan {

    static final List<String> CANDIDATE_FOLDERS = List.of("shared", "taskowned");

    private static final long PROGRESS_INTERVAL_NANOS = 200_000_000L;

    /** The shared folder's name, where ForSt's working databases live. */
    private static final String SHARED = "shared";

    /**
     * A ForSt working database's folder in {@code shared/}: {@code op_} + the subtask's operator
     * description + {@code _attempt_} + the attempt number (file merging's folders there are named
     * {@code job_…}, checkpoint files are UUIDs).
     */
    private static final Pattern FORST_WORKING_FOLDER = Pattern.compile("op_.+_attempt_[0-9]+");

    private final Path jobDir;
    private final List<Path> extraReferences;
    private final ClassLoader classLoader;
    private final Duration olderThan;
    private final Instant now;
    private final boolean jobStopped;
    private final Progress progress;

    private final Set<String> referenced = new LinkedHashSet<>();
    private final Set<String> metadataSeen = new LinkedHashSet<>();
    private final Set<String> unreadable = new LinkedHashSet<>();
    private final List<String> checkpoints = new ArrayList<>();
    private final List<String> referencing = new ArrayList<>();
    private final List<String> unsafe = new ArrayList<>();
    private final List<String> inProgress = new ArrayList<>();
    private final Map<String, WorkingDatabase> workingDatabases = new LinkedHashMap<>();
    private final long cutoff;
    private int young;
    private long listed;
    private long found;
    private long lastProgress = System.nanoTime();

    public OrphanScan(
            Path jobDir,
            List<Path> extraReferences,
            ClassLoader classLoader,
            Duration olderThan,
            Instant now,
            boolean jobStopped,
            Progress progress) {
        this.jobDir = jobDir;
        this.extraReferences = extraReferences;
        this.classLoader = classLoader;
        this.olderThan = olderThan;
        this.now = now;
        this.jobStopped = jobStopped;
        this.progress = progress;
        this.cutoff = now.minus(olderThan).toEpochMilli();
    }

    /** Where the orphans go as they are found. */
    public interface Sink {
        void orphan(Found orphan) throws BadInputException;
    }

    /**
     * Checks that the folder is a job's checkpoint folder and reads every completed checkpoint's
     * metadata: the references, before any candidate is listed.
     */
    public OrphanScan readReferences() throws BadInputException {
        FileStatus status = Locations.statusOrNull(jobDir);
        if (status == null || !status.isDir()) {
            throw new BadInputException(
                    jobDir
                            + ": "
                            + (status == null ? "does not exist" : "is a file")
                            + "; expected a job's checkpoint folder (<checkpoint dir>/<job id>,"
                            + " holding chk-N folders, shared/ and taskowned/)");
        }
        boolean looksLikeJob = false;
        for (FileStatus child : list(jobDir)) {
            String name = child.getPath().getName();
            looksLikeJob |=
                    child.isDir()
                            && (Snapshot.checkpointNumber(name) >= 0
                                    || CANDIDATE_FOLDERS.contains(name));
        }
        if (!looksLikeJob) {
            String hint =
                    Snapshot.checkpointNumber(jobDir.getName()) >= 0
                            ? " (this is one checkpoint: pass its parent, "
                                    + jobDir.getParent()
                                    + ")"
                            : "";
            throw new BadInputException(
                    jobDir
                            + ": not a job's checkpoint folder: expected chk-N folders, shared/ or"
                            + " taskowned/ in it"
                            + hint);
        }
        collectReferences();
        progress.done();
        return this;
    }

    /**
     * Lists every candidate, depth first, an entry at a time, and hands each orphan to {@code sink}
     * as it is found; nothing per file is kept. A checkpoint that completed since {@link
     * #readReferences()} is read when its folder is reached.
     */
    public void walk(Sink sink) throws BadInputException {
        FolderListing.forEach(
                Folder.of(jobDir),
                child -> {
                    if (!child.isDir()) {
                        return;
                    }
                    if (Snapshot.checkpointNumber(child.name()) >= 0) {
                        checkpointFolder(child, sink);
                    } else if (child.name().equals(SHARED)) {
                        sharedFolder(child.asFolder(), sink);
                    } else if (CANDIDATE_FOLDERS.contains(child.name())) {
                        candidates(child.asFolder(), false, sink);
                    }
                });
        progress.done();
    }

    /** Metadata of completed checkpoints in this job, its siblings and the extra folders. */
    private void collectReferences() throws BadInputException {
        List<Path> jobFolders = new ArrayList<>();
        jobFolders.add(jobDir);
        Path parent = jobDir.getParent();
        if (parent != null) {
            for (FileStatus sibling : list(parent)) {
                if (sibling.isDir() && !sameFile(sibling.getPath(), jobDir)) {
                    jobFolders.add(sibling.getPath());
                }
            }
        }
        for (Path folder : jobFolders) {
            for (FileStatus child : list(folder)) {
                if (child.isDir() && Snapshot.checkpointNumber(child.getPath().getName()) >= 0) {
                    Path metadata = new Path(child.getPath(), Snapshot.METADATA_FILE);
                    if (Locations.statusOrNull(metadata) != null) {
                        read(child.getPath(), folder == jobDir);
                    }
                }
            }
        }
        for (Path extra : extraReferences) {
            collectExtra(extra, 0);
        }
    }

    private void collectExtra(Path folder, int depth) throws BadInputException {
        FileStatus status = Locations.statusOrNull(folder);
        if (status == null) {
            throw new BadInputException(folder + ": does not exist (given with --reference)");
        }
        if (!status.isDir()) {
            read(folder, false);
            return;
        }
        if (Locations.statusOrNull(new Path(folder, Snapshot.METADATA_FILE)) != null) {
            read(folder, false);
            return;
        }
        if (depth < 2) {
            for (FileStatus child : list(folder)) {
                if (child.isDir()) {
                    collectExtra(child.getPath(), depth + 1);
                }
            }
        }
    }

    private void read(Path snapshotFolder, boolean ownJob) {
        String key = key(snapshotFolder);
        if (!metadataSeen.add(key)) {
            return;
        }
        progress.update("reading " + snapshotFolder);
        try {
            Snapshot snapshot = Snapshot.load(snapshotFolder, classLoader);
            for (StateFile file : StateFiles.of(snapshot.metadata())) {
                if (file.path() != null) {
                    referenced.add(key(file.path()));
                }
            }
            (ownJob ? checkpoints : referencing).add(snapshotFolder.toString());
        } catch (BadInputException e) {
            unsafe.add(e.getMessage());
            unreadable.add(key);
        } catch (UnsupportedHandleException e) {
            unsafe.add(snapshotFolder + ": " + e.getMessage());
            unreadable.add(key);
        }
    }

    /** A chk-N folder: with _metadata its other files are candidates; without, only when old. */
    private void checkpointFolder(FolderListing.Entry entry, Sink sink) throws BadInputException {
        Folder folder = entry.asFolder();
        if (unreadable.contains(folder.key())) {
            // What its metadata references is unknown: its own files are surely referenced.
            return;
        }
        boolean read = metadataSeen.contains(folder.key());
        boolean completed =
                read
                        || Locations.statusOrNull(new Path(folder.path(), Snapshot.METADATA_FILE))
                                != null;
        if (completed && !read) {
            // Completed while the scan ran: what it references is known before its files are.
            read(folder.path(), true);
            if (unreadable.contains(folder.key())) {
                return;
            }
        }
        if (!completed && newestModification(folder, entry.modified()) > cutoff) {
            inProgress.add(folder.text());
            return;
        }
        candidates(folder, true, sink);
    }

    /** {@code shared/}: ForSt working databases apart, unless the job runs no more. */
    private void sharedFolder(Folder shared, Sink sink) throws BadInputException {
        FolderListing.forEach(
                shared,
                child -> {
                    if (child.isDir()
                            && !jobStopped
                            && FORST_WORKING_FOLDER.matcher(child.name()).matches()) {
                        Folder database = child.asFolder();
                        workingDatabase(database, database);
                    } else if (child.isDir()) {
                        candidates(child.asFolder(), false, sink);
                    } else {
                        candidate(shared, child, false, sink);
                    }
                });
    }

    /** Counts the files of a ForSt working database that no checkpoint references. */
    private void workingDatabase(Folder database, Folder folder) throws BadInputException {
        FolderListing.forEach(
                folder,
                child -> {
                    if (child.isDir()) {
                        workingDatabase(database, child.asFolder());
                    } else {
                        listed(folder);
                        if (!referenced.contains(child.key())) {
                            workingDatabases
                                    .computeIfAbsent(
                                            database.key(),
                                            k -> new WorkingDatabase(database.text()))
                                    .add(child.length());
                        }
                    }
                });
    }

    private long newestModification(Folder folder, long folderModified) throws BadInputException {
        long[] newest = {folderModified};
        FolderListing.forEach(
                folder,
                child ->
                        newest[0] =
                                Math.max(
                                        newest[0],
                                        child.isDir()
                                                ? newestModification(
                                                        child.asFolder(), child.modified())
                                                : child.modified()));
        return newest[0];
    }

    private void candidates(Folder folder, boolean inCheckpointFolder, Sink sink)
            throws BadInputException {
        FolderListing.forEach(
                folder,
                child -> {
                    if (child.isDir()) {
                        candidates(child.asFolder(), inCheckpointFolder, sink);
                    } else {
                        candidate(folder, child, inCheckpointFolder, sink);
                    }
                });
    }

    private void candidate(
            Folder folder, FolderListing.Entry file, boolean inCheckpointFolder, Sink sink)
            throws BadInputException {
        listed(folder);
        if (inCheckpointFolder && file.name().equals(Snapshot.METADATA_FILE)) {
            return;
        }
        String key = file.key();
        if (referenced.contains(key)) {
            return;
        }
        if (file.modified() > cutoff) {
            young++;
        } else {
            found++;
            sink.orphan(new Found(file.text(), key, file.length(), file.modified()));
        }
    }

    /** Counts a listed file; now and then says how far the listing is. */
    private void listed(Folder folder) {
        if ((++listed & 0xFFF) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            progress.update(
                    String.format(
                            "listing %s: %,d files, %,d unreferenced",
                            folder.text(), listed, found));
        }
    }

    private static FileStatus[] list(Path folder) throws BadInputException {
        try {
            FileStatus[] children = Locations.fileSystem(folder).listStatus(folder);
            return children == null ? new FileStatus[0] : children;
        } catch (IOException e) {
            throw new BadInputException(folder + ": cannot list: " + Locations.oneLine(e), e);
        }
    }

    /** A comparable form of a path: qualified with its filesystem, normalized. */
    static String key(Path path) {
        try {
            FileSystem fs = path.getFileSystem();
            String key = path.makeQualified(fs).toUri().normalize().toString();
            return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        } catch (IOException e) {
            return path.toUri().normalize().toString();
        }
    }

    private static boolean sameFile(Path a, Path b) {
        return key(a).equals(key(b));
    }

    /** Whether the file of {@code key} ({@link #key}) is referenced by any metadata read so far. */
    public boolean isReferenced(String key) {
        return referenced.contains(key);
    }

    /**
     * Reads any completed checkpoint that appeared since the references were read (a checkpoint may
     * complete while the scan lists files); {@link #isReferenced} then knows its files.
     */
    public void rereadNewCheckpoints() throws BadInputException {
        collectReferences();
        progress.done();
    }

    public Path jobDir() {
        return jobDir;
    }

    /** Files listed so far (candidates and the files of working databases). */
    public long listedFiles() {
        return listed;
    }

    /**
     * A file as the scan saw it: its path as Flink prints it, its key ({@link #key}), length and
     * modification time (deletion compares them with a fresh status).
     */
    public record Found(String path, String key, long length, long modified) {

        public Path toPath() {
            return new Path(path);
        }
    }

    /**
     * A ForSt working database's folder and the files in it that no checkpoint references, left
     * alone.
     */
    public static final class WorkingDatabase {
        private final String path;
        private int files;
        private long bytes;

        WorkingDatabase(String path) {
            this.path = path;
        }

        void add(long length) {
            files++;
            bytes += length;
        }

        public String path() {
            return path;
        }

        public int files() {
            return files;
        }

        public long bytes() {
            return bytes;
        }
    }

    /** The ForSt working databases whose unreferenced files were left alone. */
    public List<WorkingDatabase> workingDatabases() {
        return new ArrayList<>(workingDatabases.values());
    }

    public List<String> unsafeReasons() {
        return unsafe;
    }

    public List<String> checkpoints() {
        List<String> sorted = new ArrayList<>(checkpoints);
        sorted.sort(
                (a, b) ->
                        Snapshot.compareCheckpointFolders(
                                new Path(a).getName(), new Path(b).getName()));
        return sorted;
    }

    public List<String> referencingCheckpoints() {
        return referencing;
    }

    public int referencedFiles() {
        return referenced.size();
    }

    public List<String> inProgressFolders() {
        return inProgress;
    }

    public int youngUnreferencedFiles() {
        return young;
    }

    public Duration olderThan() {
        return olderThan;
    }

    public Instant now() {
        return now;
    }
}
