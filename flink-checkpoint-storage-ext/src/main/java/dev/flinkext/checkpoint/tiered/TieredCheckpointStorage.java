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
package dev.flinkext.checkpoint.tiered;

import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;
import dev.flinkext.checkpoint.tiered.archive.ArchiveSettings;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RpcOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.ConfigurableCheckpointStorage;
import org.apache.flink.runtime.state.filesystem.FsCheckpointStorageAccess;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checkpoint storage in tiers: each task's small state streams stay inline in the checkpoint
 * metadata up to a memory budget per checkpoint (like {@link JobManagerCheckpointStorage}, but
 * never failing for size when a directory is set), larger ones and everything past the budget go to
 * the checkpoint directory (like {@link FileSystemCheckpointStorage}), and so does every
 * checkpoint's {@code _metadata}. The metadata holds only Flink's own handle types, so a checkpoint
 * restores with plain Flink too.
 *
 * <p>Without a directory it is a memory-only storage whose checkpoints fail past the budget with an
 * error that names {@code execution.checkpointing.dir}.
 *
 * <p>With an archive directory ({@code flinkext.checkpoint.tiered.archive.dir}), completed
 * checkpoints are also copied, asynchronously on the JobManager, into self-contained archives with
 * their own retention (see {@link TieredCheckpointStorageOptions}).
 *
 * <pre>{@code
 * env.getCheckpointConfig().setCheckpointStorage(
 *         new TieredCheckpointStorage("hdfs:///flink/checkpoints")
 *                 .withArchive("s3://bucket/archive")
 *                 .with(ArchiveOptions.ARCHIVE_INTERVAL, Duration.ofHours(1)));
 * }</pre>
 *
 * or {@code execution.checkpointing.storage:
 * dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory}.
 */
@PublicEvolving
public class TieredCheckpointStorage implements CheckpointStorage, ConfigurableCheckpointStorage {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(TieredCheckpointStorage.class);

    /** Flink's own keys this storage reads besides the directories. */
    private static final List<ConfigOption<?>> FLINK_KEYS =
            List.of(
                    CheckpointingOptions.CREATE_CHECKPOINT_SUB_DIR,
                    CheckpointingOptions.FS_WRITE_BUFFER_SIZE,
                    CheckpointingOptions.FS_SMALL_FILE_THRESHOLD,
                    RpcOptions.FRAMESIZE);

    @Nullable private final String checkpointDirectory;
    @Nullable private final String savepointDirectory;

    /** The keys set on this object, in code or by an earlier {@link #configure}: they win. */
    private final Configuration settings;

    private final MemorySize inlineThreshold;
    private final MemorySize budget;
    @Nullable private final ArchiveSettings archive;

    /** Memory-only until configured with {@code execution.checkpointing.dir}. */
    public TieredCheckpointStorage() {
        this(null, null, new Configuration());
    }

    /** With a filesystem tier in {@code checkpointDirectory}. */
    public TieredCheckpointStorage(String checkpointDirectory) {
        this(checkpointDirectory, null, new Configuration());
    }

    private TieredCheckpointStorage(
            @Nullable String checkpointDirectory,
            @Nullable String savepointDirectory,
            Configuration settings) {
        this.checkpointDirectory = checkpointDirectory;
        this.savepointDirectory = savepointDirectory;
        this.settings = settings;
        this.budget = settings.get(TieredCheckpointStorageOptions.MEMORY_BUDGET);
        // A threshold set above the budget is refused; the default one shrinks to the budget.
        this.inlineThreshold =
                settings.getOptional(TieredCheckpointStorageOptions.INLINE_THRESHOLD)
                        .orElse(
                                min(
                                        TieredCheckpointStorageOptions.INLINE_THRESHOLD
                                                .defaultValue(),
                                        budget));
        this.archive = ArchiveSettings.fromConfig(settings);
        if (archive != null
                && checkpointDirectory != null
                && archive.directory()
                        .toUri()
                        .normalize()
                        .equals(new Path(checkpointDirectory).toUri().normalize())) {
            throw new IllegalConfigurationException(
                    String.format(
                            "%s and %s are both '%s': archives (<dir>/<job id>/chk-<n>) would"
                                    + " replace Flink's own checkpoints. Allowed: an archive"
                                    + " directory other than the checkpoint directory.",
                            ArchiveOptions.ARCHIVE_DIR.key(),
                            CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                            checkpointDirectory));
        }
    }

    /**
     * The same storage with an archive tier in {@code archiveDirectory} (any Flink filesystem, such
     * as {@code s3://bucket/archive}); how often and how long it archives comes from the other
     * {@code flinkext.checkpoint.tiered.archive.*} keys.
     */
    public TieredCheckpointStorage withArchive(String archiveDirectory) {
        return with(ArchiveOptions.ARCHIVE_DIR, archiveDirectory);
    }

    /**
     * The same storage with one of {@link TieredCheckpointStorageOptions}' keys set; it wins over
     * the configuration. Example: {@code .with(ARCHIVE_INTERVAL, Duration.ofHours(1))}.
     */
    public <T> TieredCheckpointStorage with(ConfigOption<T> option, T value) {
        if (!TieredCheckpointStorageOptions.ALL.contains(option)) {
            throw new IllegalArgumentException(
                    option.key() + " is not a key of TieredCheckpointStorageOptions");
        }
        Configuration more = new Configuration(settings);
        more.set(option, value);
        return new TieredCheckpointStorage(checkpointDirectory, savepointDirectory, more);
    }

    /**
     * Values set on this object (in code, or by an earlier configure) win; configuration fills in
     * the rest.
     *
     * @throws IllegalConfigurationException naming the key, the value and what is allowed, for an
     *     invalid value or an unknown key under {@code flinkext.checkpoint.tiered.}
     */
    @Override
    public TieredCheckpointStorage configure(ReadableConfig config, ClassLoader classLoader) {
        checkKeys(config);
        Configuration merged = new Configuration();
        for (ConfigOption<?> option : TieredCheckpointStorageOptions.ALL) {
            copy(config, option, merged);
        }
        for (ConfigOption<?> option : FLINK_KEYS) {
            copy(config, option, merged);
        }
        merged.addAll(settings);
        checkFitsRpcFrame(merged);
        TieredCheckpointStorage configured =
                new TieredCheckpointStorage(
                        checkpointDirectory != null
                                ? checkpointDirectory
                                : config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
                        savepointDirectory != null
                                ? savepointDirectory
                                : config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
                        merged);
        configured.checkInlineThreshold();
        return configured;
    }

    private static MemorySize min(MemorySize a, MemorySize b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Checked when configured (Flink configures every storage it loads) and when a job's storage is
     * created, not on each {@link #with}, so that code may set the threshold and the budget in
     * either order.
     */
    private void checkInlineThreshold() {
        if (inlineThreshold.compareTo(budget) > 0) {
            throw new IllegalConfigurationException(
                    String.format(
                            "Invalid value %s for '%s': a stream is kept inline only while the"
                                    + " memory budget '%s' (%s) allows, so the threshold must be at"
                                    + " most the budget. Allowed: 0 to %s.",
                            inlineThreshold.toString(),
                            TieredCheckpointStorageOptions.INLINE_THRESHOLD.key(),
                            TieredCheckpointStorageOptions.MEMORY_BUDGET.key(),
                            budget.toString(),
                            budget.toString()));
        }
    }

    /**
     * Inline state travels from each task to the JobManager inside the task's checkpoint
     * acknowledgement, one RPC message bounded by the frame size. Like Flink's JobManager storage
     * (5 MiB under a 10 MiB frame), the budget may take at most half of the frame: the rest is for
     * the handles, names and paths of everything else the task reports. Checked when configured,
     * where the cluster's frame size is known.
     */
    private static void checkFitsRpcFrame(ReadableConfig merged) {
        MemorySize budget = merged.get(TieredCheckpointStorageOptions.MEMORY_BUDGET);
        MemorySize frame = frameSize(merged);
        if (frame == null) {
            return;
        }
        MemorySize largest = new MemorySize(frame.getBytes() / 2);
        if (budget.compareTo(largest) > 0) {
            throw new IllegalConfigurationException(
                    String.format(
                            "Invalid value %s for '%s': inline state travels from each task to"
                                    + " the JobManager inside the checkpoint acknowledgement, an RPC"
                                    + " message limited by '%s' (%s), and the budget may take at"
                                    + " most half of it. Allowed: up to %s, or raise '%s'.",
                            budget.toString(),
                            TieredCheckpointStorageOptions.MEMORY_BUDGET.key(),
                            RpcOptions.FRAMESIZE.key(),
                            frame.toString(),
                            largest.toString(),
                            RpcOptions.FRAMESIZE.key()));
        }
    }

    /**
     * The RPC frame size, or null when it is not a size this check can read: Flink hands the value
     * to Pekko as a HOCON size (which also accepts, e.g., {@code 10MiB}), and Pekko judges it.
     */
    @Nullable
    private static MemorySize frameSize(ReadableConfig settings) {
        String value = settings.get(RpcOptions.FRAMESIZE);
        try {
            return MemorySize.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "Cannot read '{}: {}' as a size; the memory budget '{}' is not checked"
                            + " against the RPC frame.",
                    RpcOptions.FRAMESIZE.key(),
                    value,
                    TieredCheckpointStorageOptions.MEMORY_BUDGET.key());
            return null;
        }
    }

    private static <T> void copy(ReadableConfig from, ConfigOption<T> option, Configuration to) {
        from.getOptional(option).ifPresent(value -> to.set(option, value));
    }

    private static void checkKeys(ReadableConfig config) {
        Set<String> known = new TreeSet<>();
        for (ConfigOption<?> option : TieredCheckpointStorageOptions.ALL) {
            known.add(option.key());
        }
        for (String key : config.toMap().keySet()) {
            if (key.startsWith(TieredCheckpointStorageOptions.PREFIX) && !known.contains(key)) {
                throw new IllegalConfigurationException(
                        String.format(
                                "Unknown key '%s' for the tiered checkpoint storage. Its keys are:"
                                        + " %s.",
                                key, String.join(", ", known)));
            }
        }
    }

    /** The directory of the filesystem tier, or null when memory-only. */
    @Nullable
    public String getCheckpointDirectory() {
        return checkpointDirectory;
    }

    public MemorySize getInlineThreshold() {
        return inlineThreshold;
    }

    public MemorySize getMemoryBudget() {
        return budget;
    }

    /**
     * The archive tier's settings, e.g. {@code archive s3://b/a (every 1 checkpoints, keep 10)}.
     */
    public Optional<String> getArchive() {
        return Optional.ofNullable(archive).map(ArchiveSettings::toString);
    }

    @Override
    public CompletedCheckpointStorageLocation resolveCheckpoint(String externalPointer)
            throws IOException {
        return tiers().resolveCheckpoint(externalPointer);
    }

    @Override
    public CheckpointStorageAccess createCheckpointStorage(JobID jobId) throws IOException {
        checkInlineThreshold();
        CheckpointStorage tiers = tiers();
        CheckpointStorageAccess files = tiers.createCheckpointStorage(jobId);
        return new TieredCheckpointStorageAccess(
                files,
                stateFiles(tiers, files, jobId),
                checkpointDirectory != null,
                inlineThreshold.getBytes(),
                budget.getBytes(),
                jobId,
                archive);
    }

    /**
     * The access the tasks' state streams go through: Flink's filesystem storage access on the same
     * directories and settings as {@code files}, writing through a {@link StateFileSystem}, so that
     * the state files (fresh random names) are created without an existence probe. Memory-only,
     * {@code files} itself.
     */
    private CheckpointStorageAccess stateFiles(
            CheckpointStorage tiers, CheckpointStorageAccess files, JobID jobId)
            throws IOException {
        if (!(tiers instanceof FileSystemCheckpointStorage)) {
            return files;
        }
        FileSystemCheckpointStorage flink = (FileSystemCheckpointStorage) tiers;
        Path base = flink.getCheckpointPath();
        return new FsCheckpointStorageAccess(
                StateFileSystemAdapter.wrap(base.getFileSystem()),
                base,
                flink.getSavepointPath(),
                settings.get(CheckpointingOptions.CREATE_CHECKPOINT_SUB_DIR),
                jobId,
                flink.getMinFileSizeThreshold(),
                flink.getWriteBufferSize());
    }

    /**
     * Flink's storage underneath: filesystem storage that writes every stream it is given to a file
     * (the tiered streams decide what stays inline), or JobManager storage when memory-only.
     */
    private CheckpointStorage tiers() {
        if (checkpointDirectory == null) {
            return new JobManagerCheckpointStorage(
                    (int) Math.min(Integer.MAX_VALUE, Math.max(budget.getBytes(), 1)));
        }
        Configuration files = new Configuration();
        files.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDirectory);
        if (savepointDirectory != null) {
            files.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepointDirectory);
        }
        files.set(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD, MemorySize.ZERO);
        // The buffer Flink's filesystem storage would use with this configuration: the larger of
        // its write buffer and its inline threshold (which is 0 here, and would shrink it).
        files.set(
                CheckpointingOptions.FS_WRITE_BUFFER_SIZE,
                (int)
                        Math.max(
                                settings.get(CheckpointingOptions.FS_WRITE_BUFFER_SIZE),
                                settings.get(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD)
                                        .getBytes()));
        files.set(
                CheckpointingOptions.CREATE_CHECKPOINT_SUB_DIR,
                settings.get(CheckpointingOptions.CREATE_CHECKPOINT_SUB_DIR));
        return FileSystemCheckpointStorage.createFromConfig(files, getClass().getClassLoader());
    }
}
