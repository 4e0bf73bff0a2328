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
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointProperties;
import org.apache.flink.runtime.checkpoint.CheckpointType;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.checkpoint.SnapshotType;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a snapshot is. Format version 4 and later record it (the checkpoint properties); the
 * versions before (Flink 1.15 and older) do not, so the kind is told from what Flink did write:
 * keyed state in savepoint handles ({@link KeyGroupsSavepointStateHandle}, written only into
 * canonical savepoints since Flink 1.15), else the name Flink gave the snapshot's folder ({@code
 * savepoint-…} or {@code chk-N}).
 */
@Internal
public enum SnapshotKind {
    CHECKPOINT("checkpoint"),
    FULL_CHECKPOINT("full-checkpoint"),
    CANONICAL_SAVEPOINT("canonical-savepoint"),
    NATIVE_SAVEPOINT("native-savepoint"),
    /** A savepoint of a format version that records neither its kind nor its format. */
    SAVEPOINT("savepoint"),
    /** A format version before 4 in a folder not named by Flink: checkpoint or savepoint. */
    SNAPSHOT("snapshot");

    /** How Flink names a savepoint's folder: {@code savepoint-<job id prefix>-<random>}. */
    private static final String SAVEPOINT_FOLDER_PREFIX = "savepoint-";

    private static final Pattern CHECKPOINT_FOLDER = Pattern.compile("chk-\\d+");

    private final String label;

    SnapshotKind(String label) {
        this.label = label;
    }

    /** The name in the JSON output and the table. */
    public String label() {
        return label;
    }

    /** The kind of {@code metadata}, read from the folder named {@code folderName}. */
    static SnapshotKind of(CheckpointMetadata metadata, @Nullable String folderName) {
        CheckpointProperties properties = metadata.getCheckpointProperties();
        if (properties != null) {
            return of(properties);
        }
        return unrecorded(keyedHandles(metadata), folderName);
    }

    static SnapshotKind of(CheckpointProperties properties) {
        SnapshotType type = properties.getCheckpointType();
        if (type instanceof SavepointType) {
            return ((SavepointType) type).getFormatType() == SavepointFormatType.NATIVE
                    ? NATIVE_SAVEPOINT
                    : CANONICAL_SAVEPOINT;
        }
        if (CheckpointType.FULL_CHECKPOINT.equals(type)) {
            return FULL_CHECKPOINT;
        }
        return CHECKPOINT;
    }

    /** The kind of a snapshot whose metadata does not record it. */
    static SnapshotKind unrecorded(List<KeyedStateHandle> keyed, @Nullable String folderName) {
        if (keyed.stream().anyMatch(h -> h instanceof KeyGroupsSavepointStateHandle)) {
            return CANONICAL_SAVEPOINT;
        }
        if (folderName != null && folderName.startsWith(SAVEPOINT_FOLDER_PREFIX)) {
            return SAVEPOINT;
        }
        if (folderName != null && CHECKPOINT_FOLDER.matcher(folderName).matches()) {
            return CHECKPOINT;
        }
        return SNAPSHOT;
    }

    private static List<KeyedStateHandle> keyedHandles(CheckpointMetadata metadata) {
        List<KeyedStateHandle> handles = new ArrayList<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                handles.addAll(subtask.getManagedKeyedState());
                handles.addAll(subtask.getRawKeyedState());
            }
        }
        return handles;
    }
}
