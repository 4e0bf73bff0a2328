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
import org.apache.flink.runtime.state.CheckpointMetadataOutputStream;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointStorageLocation;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * A checkpoint's location on the JobManager that hands the checkpoint's metadata to the {@link
 * CheckpointMonitor} once Flink finalized it (all tasks acknowledged and {@code _metadata}
 * written). Everything else is the wrapped location's.
 */
@Internal
public final class ObservedCheckpointLocation implements CheckpointStorageLocation {

    private static final Logger LOG = LoggerFactory.getLogger(ObservedCheckpointLocation.class);

    private final CheckpointStorageLocation location;
    private final long checkpointId;
    private final CheckpointMonitor monitor;

    public ObservedCheckpointLocation(
            CheckpointStorageLocation location, long checkpointId, CheckpointMonitor monitor) {
        this.location = location;
        this.checkpointId = checkpointId;
        this.monitor = monitor;
    }

    @Override
    public CheckpointMetadataOutputStream createMetadataOutputStream() throws IOException {
        return new TeeStream(location.createMetadataOutputStream());
    }

    @Override
    public void disposeOnFailure() throws IOException {
        location.disposeOnFailure();
    }

    @Override
    public CheckpointStorageLocationReference getLocationReference() {
        return location.getLocationReference();
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(
            CheckpointedStateScope scope) throws IOException {
        return location.createCheckpointStateOutputStream(scope);
    }

    @Override
    public boolean canFastDuplicate(StreamStateHandle stateHandle, CheckpointedStateScope scope)
            throws IOException {
        return location.canFastDuplicate(stateHandle, scope);
    }

    @Override
    public List<StreamStateHandle> duplicate(
            List<StreamStateHandle> stateHandles, CheckpointedStateScope scope) throws IOException {
        return location.duplicate(stateHandles, scope);
    }

    @Override
    public void reusePreviousStateHandle(Collection<? extends StreamStateHandle> previousHandle) {
        location.reusePreviousStateHandle(previousHandle);
    }

    @Override
    public boolean couldReuseStateHandle(StreamStateHandle stateHandle) {
        return location.couldReuseStateHandle(stateHandle);
    }

    /**
     * The pointer the monitor reads the metadata back with. Flink's metadata reader resolves it
     * through the filesystem once a checkpoint holds a relative file handle (every state file of
     * exclusive scope is one, unless entropy is injected), to learn the checkpoint directory the
     * relative paths start from. The directory's pointer costs an object store three requests (the
     * directory as an object, as a prefix, then its {@code _metadata}); the metadata file's own
     * path resolves to the same directory with one (that file). Without a metadata file (the
     * JobManager tier) there are no relative handles and the pointer is never resolved.
     */
    static String metadataPointer(CompletedCheckpointStorageLocation completed) {
        return completed.getMetadataHandle() instanceof FileStateHandle
                ? ((FileStateHandle) completed.getMetadataHandle()).getFilePath().toString()
                : completed.getExternalPointer();
    }

    /** Writes through and keeps a copy of the bytes, which the monitor reads after finalization. */
    private final class TeeStream extends CheckpointMetadataOutputStream {

        private final CheckpointMetadataOutputStream out;
        @Nullable private ByteArrayOutputStream copy = new ByteArrayOutputStream();

        TeeStream(CheckpointMetadataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (copy != null) {
                try {
                    copy.write(b);
                } catch (OutOfMemoryError e) {
                    giveUp(e);
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (copy != null) {
                try {
                    copy.write(b, off, len);
                } catch (OutOfMemoryError e) {
                    giveUp(e);
                }
            }
        }

        /** Metadata too large to keep a copy of (2 GiB): this checkpoint is not observed. */
        private void giveUp(OutOfMemoryError e) {
            copy = null;
            LOG.warn(
                    "Checkpoint {}'s metadata is too large to keep a copy of; it is neither"
                            + " measured nor archived",
                    checkpointId,
                    e);
        }

        @Override
        public long getPos() throws IOException {
            return out.getPos();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void sync() throws IOException {
            out.sync();
        }

        @Override
        public CompletedCheckpointStorageLocation closeAndFinalizeCheckpoint() throws IOException {
            CompletedCheckpointStorageLocation completed = out.closeAndFinalizeCheckpoint();
            if (copy != null) {
                try {
                    monitor.checkpointFinalized(
                            checkpointId, copy.toByteArray(), metadataPointer(completed));
                } catch (RuntimeException | OutOfMemoryError e) {
                    // Observing a checkpoint must never fail it.
                    LOG.warn("Could not hand checkpoint {} to the monitor", checkpointId, e);
                }
                copy = null;
            }
            return completed;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
