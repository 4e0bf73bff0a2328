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
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.StateObjectCollection;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.StateObject.StateObjectLocation;
import org.apache.flink.runtime.state.StateObject.StateObjectSizeStatsCollector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Watches a job's completed checkpoints on the JobManager: records how each split between the
 * tiers, and hands the due ones to the {@link CheckpointArchiver}. Runs on a thread of its own, so
 * that Flink's checkpoint completion only pays for a copy of the metadata bytes; one archive runs
 * at a time on another thread.
 */
@Internal
public final class CheckpointMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointMonitor.class);

    private final JobID jobId;
    @Nullable private final CheckpointArchiver archiver;
    @Nullable private final ArchiveSettings archive;
    private final ExecutorService monitorThread;
    @Nullable private final ExecutorService archiveThread;
    private final AtomicBoolean archiving = new AtomicBoolean();

    /** Set when an archive failed: the next completed checkpoint is due at once. */
    private final AtomicBoolean retry = new AtomicBoolean();

    /**
     * Flink tells a checkpoint storage nothing when its job ends: no method of {@code
     * CheckpointStorageAccess} closes it, and the checkpoint coordinator's shutdown only closes the
     * job's master hooks. The job's end reaches {@link JobEnd} instead, through a hook configured
     * on the cluster ({@code JobEndReporterFactory}; on Flink 2.x also a job status listener), and
     * releases the job's figures and threads at once. This cleaner is the safety net for a cluster
     * without that hook: the job's checkpoint coordinator is the only holder of this monitor
     * (through the storage access and the checkpoint locations), so once it is garbage the same
     * release runs, and a session cluster holds nothing per finished job (and no user class loader,
     * when the pack is inside a job jar) after the next garbage collection.
     */
    private static final Cleaner RELEASER = Cleaner.create();

    private final Release release;

    // Written by the monitor thread only; read by Flink's checkpoint trigger for the lag bound.
    @Nullable private volatile TieredCheckpointStats stats;

    // Confined to the monitor thread.
    @Nullable private CheckpointMetadata lastCompleted;
    private long lastCompletedAt;
    private long completedSinceArchive;
    private long lastArchiveStartNanos = -1;

    public CheckpointMonitor(JobID jobId, @Nullable ArchiveSettings archive) {
        this.jobId = jobId;
        this.archive = archive;
        this.archiver = archive == null ? null : new CheckpointArchiver(jobId, archive);
        this.monitorThread = daemonThread("flinkext-tiered-monitor-" + jobId);
        this.archiveThread =
                archive == null ? null : daemonThread("flinkext-tiered-archiver-" + jobId);
        this.release = new Release(jobId, monitorThread, archiveThread);
        RELEASER.register(this, release);
        JobEnd.register(jobId, release);
    }

    /**
     * Called by Flink's checkpoint completion: returns at once.
     *
     * @param pointer what the relative file handles in {@code metadata} are resolved against (see
     *     {@link ObservedCheckpointLocation#metadataPointer})
     */
    void checkpointFinalized(long checkpointId, byte[] metadata, String pointer) {
        long completedAt = System.currentTimeMillis();
        onMonitorThread(() -> onCompleted(checkpointId, metadata, pointer, completedAt));
    }

    /** Runs {@code work} on the monitor thread, unless the job's resources are released. */
    private void onMonitorThread(Runnable work) {
        try {
            monitorThread.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.debug("Job {} has ended; its checkpoint monitor takes no more work", jobId);
        }
    }

    private void onCompleted(long checkpointId, byte[] bytes, String pointer, long completedAt) {
        CheckpointMetadata metadata;
        try {
            metadata =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(new ByteArrayInputStream(bytes)),
                            CheckpointMonitor.class.getClassLoader(),
                            pointer);
        } catch (Exception e) {
            LOG.warn("Could not read back the metadata of checkpoint {}", checkpointId, e);
            return;
        }
        if (stats == null) {
            stats = release.register(archive == null ? "" : archive.directory().toString());
        }
        record(metadata, bytes.length);
        if (archive == null) {
            return;
        }
        lastCompleted = metadata;
        lastCompletedAt = completedAt;
        completedSinceArchive++;
        Duration sinceLast =
                lastArchiveStartNanos < 0
                        ? null
                        : Duration.ofNanos(System.nanoTime() - lastArchiveStartNanos);
        if (!retry.get() && !archive.isDue(completedSinceArchive, sinceLast)) {
            return;
        }
        if (!archiving.compareAndSet(false, true)) {
            stats.archiveSkipped(completedAt);
            LOG.info(
                    "Checkpoint {} of job {} is due for the archive, but the previous archive is"
                            + " still running; the next completed checkpoint is due instead.",
                    checkpointId,
                    jobId);
            return;
        }
        completedSinceArchive = 0;
        startArchive(metadata, completedAt);
    }

    /** Starts archiving on the archive thread; the caller has set {@link #archiving}. */
    private void startArchive(CheckpointMetadata metadata, long completedAt) {
        TieredCheckpointStats target = stats;
        target.archiveStarted(completedAt);
        lastArchiveStartNanos = System.nanoTime();
        retry.set(false);
        archiveThread.execute(
                () -> {
                    try {
                        if (!archiver.archive(metadata, completedAt, target)) {
                            retry.set(true);
                        }
                    } finally {
                        archiving.set(false);
                    }
                });
    }

    /**
     * Called before each checkpoint is triggered: refuses it while the archive is further behind
     * than {@code archive.max-lag} or {@code archive.max-lag-checkpoints} allow. Flink counts the
     * refusal (an I/O failure) against its tolerable checkpoint failures.
     */
    public void checkArchiveLag() throws IOException {
        TieredCheckpointStats current = stats;
        if (archive == null || current == null) {
            return;
        }
        TieredCheckpointStats.Lag lag = current.lag();
        String exceeded = archive.lagExceeded(lag.millis(), lag.checkpoints());
        if (exceeded == null) {
            return;
        }
        // While checkpoints are refused none completes, and only a completed checkpoint starts an
        // archive: archive the last completed one again, so that a healed archive lets the job
        // checkpoint again. It is still retained (nothing newer subsumed it).
        onMonitorThread(this::retryLastCompleted);
        String lastFailure = current.getLastArchiveFailure();
        String message =
                String.format(
                        "The archive of job %s in %s is too far behind: %s. Last archive failure:"
                                + " %s. The storage refuses this checkpoint (it counts against"
                                + " %s) until an archive completes: make the archive directory"
                                + " usable again, or raise or unset the bound.",
                        jobId,
                        archive.directory(),
                        exceeded,
                        lastFailure.isEmpty() ? "none (archives are stalled)" : lastFailure,
                        CheckpointingOptions.TOLERABLE_FAILURE_NUMBER.key());
        LOG.error(message);
        throw new IOException(message);
    }

    /** On the monitor thread: archives the last completed checkpoint again, unless one runs. */
    private void retryLastCompleted() {
        if (lastCompleted != null && archiving.compareAndSet(false, true)) {
            startArchive(lastCompleted, lastCompletedAt);
        }
    }

    private void record(CheckpointMetadata metadata, long metadataBytes) {
        StateObjectSizeStatsCollector sizes = StateObjectSizeStatsCollector.create();
        long checkpointed = 0;
        for (OperatorState operator : metadata.getOperatorStates()) {
            if (operator.getCoordinatorState() != null) {
                operator.getCoordinatorState().collectSizeStats(sizes);
            }
            // OperatorSubtaskState reports its size as of unknown location: ask its handles.
            for (OperatorSubtaskState subtask : operator.getStates()) {
                Stream.of(
                                subtask.getManagedOperatorState(),
                                subtask.getRawOperatorState(),
                                subtask.getManagedKeyedState(),
                                subtask.getRawKeyedState(),
                                subtask.getInputChannelState(),
                                subtask.getResultSubpartitionState())
                        .flatMap(StateObjectCollection::stream)
                        .forEach(handle -> handle.collectSizeStats(sizes));
            }
            checkpointed += operator.getCheckpointedSize();
        }
        long inline = sizes.getStats().getOrDefault(StateObjectLocation.LOCAL_MEMORY, 0L);
        long files = sizes.getStats().values().stream().mapToLong(Long::longValue).sum() - inline;
        long written = Math.max(0, checkpointed - inline) + metadataBytes;
        stats.checkpointCompleted(
                metadata.getCheckpointId(), inline, files, written, metadataBytes);
        LOG.debug(
                "Checkpoint {} of job {}: {} bytes inline, {} in files, {} written",
                metadata.getCheckpointId(),
                jobId,
                inline,
                files,
                written);
    }

    /** Waits until everything handed to the monitor so far is recorded and archived. */
    @VisibleForTesting
    void awaitIdle() throws Exception {
        monitorThread.submit(() -> {}).get();
        if (archiveThread != null) {
            archiveThread.submit(() -> {}).get();
        }
    }

    /**
     * What a finished job leaves behind: its figures and its threads. Holds no monitor. Runs once,
     * at the job's end ({@link JobEnd}) or when the monitor is garbage, whichever comes first; work
     * already handed to the threads (the last checkpoint's figures and archive) still runs, but
     * registers no figures any more.
     */
    private static final class Release implements Runnable {
        private final JobID jobId;
        private final ExecutorService monitorThread;
        @Nullable private final ExecutorService archiveThread;

        // Guarded by this: registering figures and releasing them never interleave.
        @Nullable private TieredCheckpointStats stats;
        private boolean released;

        Release(
                JobID jobId,
                ExecutorService monitorThread,
                @Nullable ExecutorService archiveThread) {
            this.jobId = jobId;
            this.monitorThread = monitorThread;
            this.archiveThread = archiveThread;
        }

        /** The job's figures: registered with JMX, unless the job has ended already. */
        synchronized TieredCheckpointStats register(String archiveDirectory) {
            stats =
                    released
                            ? TieredCheckpointStats.unregistered(archiveDirectory)
                            : TieredCheckpointStats.register(jobId, archiveDirectory);
            return stats;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
                if (stats != null) {
                    TieredCheckpointStats.release(jobId, stats);
                }
            }
            JobEnd.forget(jobId, this);
            // The archive thread ends after the monitor thread's queued work, which may still hand
            // it the last checkpoint's archive.
            if (archiveThread != null) {
                monitorThread.execute(archiveThread::shutdown);
            }
            monitorThread.shutdown();
        }
    }

    /** One thread that ends when idle, and at the latest when the job's resources are released. */
    private static ExecutorService daemonThread(String name) {
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(
                        1,
                        1,
                        30,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        runnable -> {
                            Thread thread = new Thread(runnable, name);
                            thread.setDaemon(true);
                            return thread;
                        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
