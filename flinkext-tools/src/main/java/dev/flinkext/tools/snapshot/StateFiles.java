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
package dev.flinkext.tools.snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.changelog.ChangelogStateBackendHandle;
import org.apache.flink.runtime.state.changelog.ChangelogStateHandle;
import org.apache.flink.runtime.state.changelog.ChangelogStateHandleStreamImpl;
import org.apache.flink.runtime.state.changelog.inmemory.InMemoryChangelogStateHandle;
import org.apache.flink.runtime.state.filemerging.EmptySegmentFileStateHandle;
import org.apache.flink.runtime.state.filemerging.SegmentFileStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every stream a snapshot's metadata references, found by following Flink's handle types (the ones
 * {@code MetadataV2V3SerializerBase} writes). A handle type not listed here stops the walk with
 * {@link UnsupportedHandleException}: a caller that deletes files must not go on without it.
 */
@Internal
public final class StateFiles {

    private StateFiles() {}

    /** All streams of {@code metadata}, operator by operator, subtask by subtask. */
    public static List<StateFile> of(CheckpointMetadata metadata)
            throws UnsupportedHandleException {
        List<StateFile> files = new ArrayList<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            files.addAll(of(operator));
        }
        return files;
    }

    /** All streams of one operator. */
    public static List<StateFile> of(OperatorState operator) throws UnsupportedHandleException {
        List<StateFile> files = new ArrayList<>();
        OperatorID id = operator.getOperatorID();
        if (operator.getCoordinatorState() != null) {
            StreamStateHandle coordinator = operator.getCoordinatorState();
            stream(files, id, -1, StateFile.Role.COORDINATOR, coordinator, coordinator);
        }
        for (Map.Entry<Integer, OperatorSubtaskState> subtask :
                operator.getSubtaskStates().entrySet()) {
            int index = subtask.getKey();
            OperatorSubtaskState state = subtask.getValue();
            for (OperatorStateHandle handle : state.getManagedOperatorState()) {
                stream(
                        files,
                        id,
                        index,
                        StateFile.Role.OPERATOR,
                        handle.getDelegateStateHandle(),
                        handle);
            }
            for (OperatorStateHandle handle : state.getRawOperatorState()) {
                stream(
                        files,
                        id,
                        index,
                        StateFile.Role.RAW_OPERATOR,
                        handle.getDelegateStateHandle(),
                        handle);
            }
            for (KeyedStateHandle handle : state.getManagedKeyedState()) {
                keyed(files, id, index, StateFile.Role.KEYED, handle, handle);
            }
            for (KeyedStateHandle handle : state.getRawKeyedState()) {
                keyed(files, id, index, StateFile.Role.RAW_KEYED, handle, handle);
            }
            for (ChannelState channel : ChannelStates.of(state)) {
                stream(
                        files,
                        id,
                        index,
                        StateFile.Role.CHANNEL,
                        channel.delegate(),
                        channel.handle());
            }
        }
        return files;
    }

    private static void keyed(
            List<StateFile> files,
            OperatorID id,
            int subtask,
            StateFile.Role role,
            KeyedStateHandle handle,
            StateObject owner)
            throws UnsupportedHandleException {
        if (handle instanceof KeyGroupsStateHandle) {
            stream(
                    files,
                    id,
                    subtask,
                    role,
                    ((KeyGroupsStateHandle) handle).getDelegateStateHandle(),
                    owner);
        } else if (handle instanceof IncrementalRemoteKeyedStateHandle) {
            IncrementalRemoteKeyedStateHandle incremental =
                    (IncrementalRemoteKeyedStateHandle) handle;
            stream(
                    files,
                    id,
                    subtask,
                    StateFile.Role.META,
                    incremental.getMetaDataStateHandle(),
                    owner);
            for (var shared : incremental.getSharedState()) {
                stream(files, id, subtask, StateFile.Role.SHARED, shared.getHandle(), owner);
            }
            for (var shared : incremental.getPrivateState()) {
                stream(files, id, subtask, StateFile.Role.PRIVATE, shared.getHandle(), owner);
            }
        } else if (handle instanceof ChangelogStateBackendHandle) {
            ChangelogStateBackendHandle changelog = (ChangelogStateBackendHandle) handle;
            for (KeyedStateHandle materialized : changelog.getMaterializedStateHandles()) {
                keyed(files, id, subtask, role, materialized, owner);
            }
            for (ChangelogStateHandle log : changelog.getNonMaterializedStateHandles()) {
                if (log instanceof ChangelogStateHandleStreamImpl) {
                    for (Tuple2<StreamStateHandle, Long> part :
                            ((ChangelogStateHandleStreamImpl) log).getHandlesAndOffsets()) {
                        stream(files, id, subtask, StateFile.Role.CHANGELOG, part.f0, owner);
                    }
                } else if (!(log instanceof InMemoryChangelogStateHandle)) {
                    throw new UnsupportedHandleException(log);
                }
            }
        } else {
            throw new UnsupportedHandleException(handle);
        }
    }

    private static void stream(
            List<StateFile> files,
            OperatorID id,
            int subtask,
            StateFile.Role role,
            StreamStateHandle handle,
            StateObject owner)
            throws UnsupportedHandleException {
        if (handle == null || handle instanceof EmptySegmentFileStateHandle) {
            return;
        }
        if (handle instanceof KeyGroupsStateHandle) {
            stream(
                    files,
                    id,
                    subtask,
                    role,
                    ((KeyGroupsStateHandle) handle).getDelegateStateHandle(),
                    owner);
        } else if (handle instanceof SegmentFileStateHandle) {
            SegmentFileStateHandle segment = (SegmentFileStateHandle) handle;
            files.add(
                    new StateFile(
                            id,
                            subtask,
                            role,
                            handle,
                            owner,
                            segment.getFilePath(),
                            segment.getStartPos()));
        } else if (handle instanceof FileStateHandle) {
            files.add(
                    new StateFile(
                            id,
                            subtask,
                            role,
                            handle,
                            owner,
                            ((FileStateHandle) handle).getFilePath(),
                            0));
        } else if (handle instanceof ByteStreamStateHandle) {
            files.add(new StateFile(id, subtask, role, handle, owner, null, 0));
        } else {
            throw new UnsupportedHandleException(handle);
        }
    }
}
