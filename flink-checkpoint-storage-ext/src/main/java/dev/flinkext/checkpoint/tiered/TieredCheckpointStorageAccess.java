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

import dev.flinkext.checkpoint.tiered.archive.ArchiveProbe;
import dev.flinkext.checkpoint.tiered.archive.ArchiveSettings;
import dev.flinkext.checkpoint.tiered.archive.CheckpointMonitor;
import dev.flinkext.checkpoint.tiered.archive.ObservedCheckpointLocation;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.filemerging.FileMergingSnapshotManager;
import org.apache.flink.runtime.execution.Environment;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointStateToolset;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.CheckpointStorageLocation;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.CheckpointStorageWorkerView;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;

import javax.annotation.Nullable;

import java.io.IOException;

/**
 * The per-job access of {@link TieredCheckpointStorage}: everything is the wrapped storage's
 * (locations, metadata, savepoints, pointers), except that each task's streams for a checkpoint go
 * through a {@link TieredStreamFactory} with that checkpoint's memory budget, and that on the
 * JobManager a {@link CheckpointMonitor} sees each completed checkpoint (for the figures and the
 * archive). The tasks' side (their checkpoint streams and task-owned state) is a second access of
 * the wrapped storage on the same directories, {@code stateFiles}, whose state files are created
 * without an existence probe ({@link StateFileSystem}); the JobManager's side ({@code files})
 * writes each checkpoint's {@code _metadata} exactly as Flink does.
 */
@Internal
final class TieredCheckpointStorageAccess implements CheckpointStorageAccess {

    private final CheckpointStorageAccess files;
    private final CheckpointStorageAccess stateFiles;
    private final boolean canSpill;
    private final long inlineThreshold;
    private final long budget;
    private final JobID jobId;
    @Nullable private final ArchiveSettings archive;
    @Nullable private CheckpointMonitor monitor;
    private boolean archiveChecked;

    TieredCheckpointStorageAccess(
            CheckpointStorageAccess files,
            CheckpointStorageAccess stateFiles,
            boolean canSpill,
            long inlineThreshold,
            long budget,
            JobID jobId,
            @Nullable ArchiveSettings archive) {
        this.files = files;
        this.stateFiles = stateFiles;
        this.canSpill = canSpill;
        this.inlineThreshold = inlineThreshold;
        this.budget = budget;
        this.jobId = jobId;
        this.archive = archive;
    }

    @Override
    public CheckpointStreamFactory resolveCheckpointStorageLocation(
            long checkpointId, CheckpointStorageLocationReference reference) throws IOException {
        return new TieredStreamFactory(
                stateFiles.resolveCheckpointStorageLocation(checkpointId, reference),
                canSpill,
                inlineThreshold,
                budget);
    }

    @Override
    public boolean supportsHighlyAvailableStorage() {
        return files.supportsHighlyAvailableStorage();
    }

    @Override
    public boolean hasDefaultSavepointLocation() {
        return files.hasDefaultSavepointLocation();
    }

    @Override
    public CompletedCheckpointStorageLocation resolveCheckpoint(String externalPointer)
            throws IOException {
        return files.resolveCheckpoint(externalPointer);
    }

    /**
     * Called on the JobManager when the job starts (and before a checkpoint when no periodic
     * checkpointing is set): an archive that can never work fails the job here, before any
     * checkpoint.
     */
    @Override
    public void initializeBaseLocationsForCheckpoint() throws IOException {
        files.initializeBaseLocationsForCheckpoint();
        if (archive != null && !archiveChecked) {
            ArchiveProbe.checkWithin(archive, jobId, ArchiveProbe.TIMEOUT);
            archiveChecked = true;
        }
    }

    @Override
    public CheckpointStorageLocation initializeLocationForCheckpoint(long checkpointId)
            throws IOException {
        CheckpointMonitor monitor = monitor();
        monitor.checkArchiveLag();
        return new ObservedCheckpointLocation(
                files.initializeLocationForCheckpoint(checkpointId), checkpointId, monitor);
    }

    /** Only the JobManager initializes checkpoint locations, so only there is a monitor made. */
    private synchronized CheckpointMonitor monitor() {
        if (monitor == null) {
            monitor = new CheckpointMonitor(jobId, archive);
            JobEndHookCheck.JVM.checkBeforeMonitor();
        }
        return monitor;
    }

    @Override
    public CheckpointStorageLocation initializeLocationForSavepoint(
            long checkpointId, String externalLocationPointer) throws IOException {
        return files.initializeLocationForSavepoint(checkpointId, externalLocationPointer);
    }

    @Override
    public CheckpointStateOutputStream createTaskOwnedStateStream() throws IOException {
        return stateFiles.createTaskOwnedStateStream();
    }

    @Override
    public CheckpointStateToolset createTaskOwnedCheckpointStateToolset() {
        return stateFiles.createTaskOwnedCheckpointStateToolset();
    }

    /**
     * File merging ({@code execution.checkpointing.file-merging.enabled}) is the wrapped storage's
     * own: with it on, streams are merged into shared files and not tiered.
     */
    @Override
    public CheckpointStorageWorkerView toFileMergingStorage(
            FileMergingSnapshotManager mergingSnapshotManager, Environment environment)
            throws IOException {
        return files.toFileMergingStorage(mergingSnapshotManager, environment);
    }
}
