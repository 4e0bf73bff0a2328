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

import dev.flinkext.tools.testing.OperatorStates;

import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointProperties;
import org.apache.flink.runtime.checkpoint.CheckpointRetentionPolicy;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.checkpoint.metadata.MetadataV3Serializer;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeOffsets;
import org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kind of a snapshot: recorded in the checkpoint properties from format version 4 on; before
 * (Flink 1.15 and older, e.g. a 1.15 savepoint), told from the savepoint handles or the folder's
 * name. Version 3 metadata is written here by Flink's own {@link MetadataV3Serializer} and read
 * back through {@link Snapshot#load}, as the tools read it.
 */
class SnapshotKindTest {

    @TempDir Path tmp;

    @Test
    void format4AndLaterRecordTheKind() {
        assertThat(
                        SnapshotKind.of(
                                CheckpointProperties.forSavepoint(
                                        false, SavepointFormatType.CANONICAL)))
                .isEqualTo(SnapshotKind.CANONICAL_SAVEPOINT);
        assertThat(
                        SnapshotKind.of(
                                CheckpointProperties.forSavepoint(
                                        true, SavepointFormatType.NATIVE)))
                .isEqualTo(SnapshotKind.NATIVE_SAVEPOINT);
        assertThat(
                        SnapshotKind.of(
                                CheckpointProperties.forCheckpoint(
                                        CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION)))
                .isEqualTo(SnapshotKind.CHECKPOINT);
    }

    @Test
    void format3IsNamedByItsSavepointHandlesElseByTheFolderFlinkNamed() throws Exception {
        String savepointFolder = "savepoint-4f2a1c-0123456789ab";
        assertThat(version3Kind(savepointFolder, true)).isEqualTo(SnapshotKind.CANONICAL_SAVEPOINT);
        assertThat(version3Kind("moved-by-hand", true)).isEqualTo(SnapshotKind.CANONICAL_SAVEPOINT);
        assertThat(version3Kind(savepointFolder, false)).isEqualTo(SnapshotKind.SAVEPOINT);
        assertThat(version3Kind("chk-5", false)).isEqualTo(SnapshotKind.CHECKPOINT);
        assertThat(version3Kind("moved-by-hand", false)).isEqualTo(SnapshotKind.SNAPSHOT);
        assertThat(SnapshotKind.SNAPSHOT.label()).isNotEqualTo("unknown");
    }

    /**
     * The kind the tools give version 3 metadata with one operator's keyed state, in savepoint
     * handles (a canonical savepoint of Flink 1.15) or in the handles checkpoints use, written to
     * {@code folder}.
     */
    private SnapshotKind version3Kind(String folder, boolean savepointHandles) throws Exception {
        OperatorState operator = OperatorStates.empty(new OperatorID(), 1, 128);
        KeyGroupRangeOffsets offsets = new KeyGroupRangeOffsets(KeyGroupRange.of(0, 127));
        ByteStreamStateHandle bytes = new ByteStreamStateHandle("keyed-0", new byte[] {1, 2, 3});
        KeyedStateHandle keyed =
                savepointHandles
                        ? new KeyGroupsSavepointStateHandle(offsets, bytes)
                        : new KeyGroupsStateHandle(offsets, bytes);
        operator.putState(0, OperatorSubtaskState.builder().setManagedKeyedState(keyed).build());
        CheckpointMetadata metadata = new CheckpointMetadata(5, List.of(operator), List.of());
        Path dir = Files.createDirectories(tmp.resolve(folder));
        Path file = dir.resolve(Snapshot.METADATA_FILE);
        Files.deleteIfExists(file);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            Checkpoints.storeCheckpointMetadata(metadata, out, MetadataV3Serializer.INSTANCE);
        }
        Snapshot snapshot = Snapshot.load(dir.toString(), getClass().getClassLoader());
        assertThat(snapshot.formatVersion()).isEqualTo(3);
        assertThat(snapshot.metadata().getCheckpointProperties()).isNull();
        return snapshot.kind();
    }
}
