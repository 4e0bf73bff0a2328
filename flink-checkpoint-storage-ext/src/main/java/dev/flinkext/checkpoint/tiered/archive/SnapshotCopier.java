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
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.StateObjectCollection;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filemerging.EmptySegmentFileStateHandle;
import org.apache.flink.runtime.state.filemerging.SegmentFileStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.filesystem.RelativeFileStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies every file a checkpoint references into one directory and rewrites the checkpoint's
 * metadata to point at the copies with {@link RelativeFileStateHandle}s, so that the directory is
 * self-contained and can be moved (as a canonical savepoint can). Inline state stays inline.
 *
 * <p>Each copy is checked against the size its handle records: a file that Flink deleted (a
 * subsumed checkpoint's shared file) or that is shorter than recorded fails the copy, so that a
 * snapshot is complete or not written at all.
 *
 * <p>What differs between the Flink lines (the operator state's identity, the channel state's
 * handle types) is in {@link CheckpointMetadataAdapter}.
 */
@Internal
final class SnapshotCopier {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final FileSystem targetFs;
    private final Path targetDir;
    private final Map<String, RelativeFileStateHandle> copies = new HashMap<>();
    private final Map<String, Integer> namesInUse = new HashMap<>();
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private long bytesCopied;

    SnapshotCopier(FileSystem targetFs, Path targetDir) {
        this.targetFs = targetFs;
        this.targetDir = targetDir;
        namesInUse.put(CheckpointArchiver.METADATA_FILE, 1);
        namesInUse.put(CheckpointArchiver.METADATA_IN_PROGRESS, 1);
    }

    long bytesCopied() {
        return bytesCopied;
    }

    int filesCopied() {
        return copies.size();
    }

    /** Where the copies went. */
    List<Path> copiedFiles() {
        List<Path> files = new ArrayList<>();
        for (RelativeFileStateHandle copy : copies.values()) {
            files.add(copy.getFilePath());
        }
        return files;
    }

    CheckpointMetadata copy(CheckpointMetadata metadata) throws IOException {
        List<OperatorState> operators = new ArrayList<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            operators.add(copy(operator));
        }
        return new CheckpointMetadata(
                metadata.getCheckpointId(),
                operators,
                metadata.getMasterStates(),
                metadata.getCheckpointProperties());
    }

    private OperatorState copy(OperatorState operator) throws IOException {
        if (operator.isFullyFinished()) {
            return CheckpointMetadataAdapter.fullyFinishedCopyOf(operator);
        }
        OperatorState copy = CheckpointMetadataAdapter.emptyCopyOf(operator);
        copy.setCoordinatorState(operator.getCoordinatorState());
        for (Map.Entry<Integer, OperatorSubtaskState> subtask :
                operator.getSubtaskStates().entrySet()) {
            copy.putState(subtask.getKey(), copy(subtask.getValue()));
        }
        return copy;
    }

    private OperatorSubtaskState copy(OperatorSubtaskState state) throws IOException {
        OperatorSubtaskState.Builder builder = OperatorSubtaskState.builder();
        builder.setManagedOperatorState(copyOperatorStates(state.getManagedOperatorState()));
        builder.setRawOperatorState(copyOperatorStates(state.getRawOperatorState()));
        builder.setManagedKeyedState(copyKeyedStates(state.getManagedKeyedState()));
        builder.setRawKeyedState(copyKeyedStates(state.getRawKeyedState()));
        CheckpointMetadataAdapter.copyChannelState(state, builder, this::copy);
        return builder.build();
    }

    private StateObjectCollection<OperatorStateHandle> copyOperatorStates(
            StateObjectCollection<OperatorStateHandle> handles) throws IOException {
        List<OperatorStateHandle> copies = new ArrayList<>();
        for (OperatorStateHandle handle : handles) {
            // File-merging handles become plain ones: their segments are copied to files of their
            // own.
            copies.add(
                    new OperatorStreamStateHandle(
                            handle.getStateNameToPartitionOffsets(),
                            copy(handle.getDelegateStateHandle())));
        }
        return new StateObjectCollection<>(copies);
    }

    private StateObjectCollection<KeyedStateHandle> copyKeyedStates(
            StateObjectCollection<KeyedStateHandle> handles) throws IOException {
        List<KeyedStateHandle> copies = new ArrayList<>();
        for (KeyedStateHandle handle : handles) {
            copies.add(copy(handle));
        }
        return new StateObjectCollection<>(copies);
    }

    private KeyedStateHandle copy(KeyedStateHandle handle) throws IOException {
        if (handle instanceof KeyGroupsSavepointStateHandle) {
            KeyGroupsStateHandle groups = (KeyGroupsStateHandle) handle;
            return new KeyGroupsSavepointStateHandle(
                    groups.getGroupRangeOffsets(), copy(groups.getDelegateStateHandle()));
        }
        if (handle instanceof KeyGroupsStateHandle) {
            KeyGroupsStateHandle groups = (KeyGroupsStateHandle) handle;
            return new KeyGroupsStateHandle(
                    groups.getGroupRangeOffsets(), copy(groups.getDelegateStateHandle()));
        }
        if (handle instanceof IncrementalRemoteKeyedStateHandle) {
            IncrementalRemoteKeyedStateHandle incremental =
                    (IncrementalRemoteKeyedStateHandle) handle;
            return IncrementalRemoteKeyedStateHandle.restore(
                    incremental.getBackendIdentifier(),
                    incremental.getKeyGroupRange(),
                    incremental.getCheckpointId(),
                    copy(incremental.getSharedState()),
                    copy(incremental.getPrivateState()),
                    copy(incremental.getMetaDataStateHandle()),
                    incremental.getCheckpointedSize(),
                    incremental.getStateHandleId());
        }
        throw new IOException(
                "The archive cannot copy keyed state of type "
                        + handle.getClass().getName()
                        + " (changelog state backend checkpoints are not archived); supported:"
                        + " key-group and incremental RocksDB state.");
    }

    private List<HandleAndLocalPath> copy(List<HandleAndLocalPath> files) throws IOException {
        List<HandleAndLocalPath> copies = new ArrayList<>(files.size());
        for (HandleAndLocalPath file : files) {
            copies.add(HandleAndLocalPath.of(copy(file.getHandle()), file.getLocalPath()));
        }
        return copies;
    }

    private StreamStateHandle copy(StreamStateHandle handle) throws IOException {
        if (handle == null
                || handle instanceof ByteStreamStateHandle
                || handle instanceof EmptySegmentFileStateHandle) {
            return handle;
        }
        if (handle instanceof SegmentFileStateHandle) {
            SegmentFileStateHandle segment = (SegmentFileStateHandle) handle;
            return copyOnce(
                    segment.getFilePath()
                            + "@"
                            + segment.getStartPos()
                            + "+"
                            + segment.getStateSize(),
                    segment,
                    segment.getFilePath().getName() + "-" + segment.getStartPos(),
                    segment.getStateSize(),
                    true);
        }
        if (handle instanceof FileStateHandle) {
            FileStateHandle file = (FileStateHandle) handle;
            return copyOnce(
                    file.getFilePath().toString(),
                    file,
                    file.getFilePath().getName(),
                    file.getStateSize(),
                    false);
        }
        throw new IOException(
                "The archive cannot copy state of type "
                        + handle.getClass().getName()
                        + "; supported: inline bytes, files and file segments.");
    }

    /** The copy of {@code source} made earlier under {@code key}, or a new one. */
    private RelativeFileStateHandle copyOnce(
            String key, StreamStateHandle source, String name, long expectedSize, boolean exact)
            throws IOException {
        RelativeFileStateHandle done = copies.get(key);
        if (done == null) {
            done = copyBytes(source, name, expectedSize, exact);
            copies.put(key, done);
        }
        return done;
    }

    /**
     * Copies {@code expectedSize} bytes (a whole file when {@code exact} is false: then the file
     * must end there) to a new file in the target directory.
     */
    private RelativeFileStateHandle copyBytes(
            StreamStateHandle source, String name, long expectedSize, boolean exact)
            throws IOException {
        String relative = uniqueName(name);
        Path target = new Path(targetDir, relative);
        long copied = 0;
        try (FSDataInputStream in = source.openInputStream();
                FSDataOutputStream out =
                        targetFs.create(target, FileSystem.WriteMode.NO_OVERWRITE)) {
            while (!exact || copied < expectedSize) {
                int want =
                        exact
                                ? (int) Math.min(buffer.length, expectedSize - copied)
                                : buffer.length;
                int read = in.read(buffer, 0, want);
                if (read < 0) {
                    break;
                }
                out.write(buffer, 0, read);
                copied += read;
            }
        }
        if (expectedSize >= 0 && copied != expectedSize) {
            throw new EOFException(
                    String.format(
                            "%s holds %d bytes where its checkpoint recorded %d; it was changed or"
                                    + " deleted while being archived",
                            source, copied, expectedSize));
        }
        bytesCopied += copied;
        return new RelativeFileStateHandle(target, relative, copied);
    }

    private String uniqueName(String name) {
        int seen = namesInUse.merge(name, 1, Integer::sum);
        return seen == 1 ? name : name + "." + seen;
    }
}
