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

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.FullyFinishedOperatorState;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.StateObjectCollection;
import org.apache.flink.runtime.checkpoint.channel.InputChannelInfo;
import org.apache.flink.runtime.checkpoint.channel.ResultSubpartitionInfo;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.InputChannelStateHandle;
import org.apache.flink.runtime.state.InputStateHandle;
import org.apache.flink.runtime.state.MergedInputChannelStateHandle;
import org.apache.flink.runtime.state.MergedResultSubpartitionStateHandle;
import org.apache.flink.runtime.state.OutputStateHandle;
import org.apache.flink.runtime.state.ResultSubpartitionStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.filesystem.RelativeFileStateHandle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an archive keeps of the parts of Flink 2.x's checkpoint metadata that 1.20 does not have:
 * the operators' names and uids, and channel state merged into one handle per subtask (Flink writes
 * both to the metadata file). The per-channel handles of both lines are covered by {@link
 * CheckpointArchiverTest}.
 */
class CheckpointMetadataAdapterTest {

    @TempDir java.nio.file.Path dir;

    @Test
    void namesUidsAndMergedChannelStateSurviveTheCopy() throws Exception {
        FileStateHandle inputs = file("inputs", 600);
        FileStateHandle outputs = file("outputs", 300);
        OperatorState running = new OperatorState("count", "count-uid", new OperatorID(), 1, 128);
        running.putState(
                0,
                OperatorSubtaskState.builder()
                        .setInputChannelState(
                                new StateObjectCollection<>(
                                        List.of(
                                                MergedInputChannelStateHandle.fromChannelHandles(
                                                        List.of(
                                                                new InputChannelStateHandle(
                                                                        0,
                                                                        new InputChannelInfo(0, 0),
                                                                        inputs,
                                                                        List.of(0L),
                                                                        200),
                                                                new InputChannelStateHandle(
                                                                        0,
                                                                        new InputChannelInfo(0, 1),
                                                                        inputs,
                                                                        List.of(200L, 400L),
                                                                        400))))))
                        .setResultSubpartitionState(
                                new StateObjectCollection<>(
                                        List.of(
                                                MergedResultSubpartitionStateHandle
                                                        .fromChannelHandles(
                                                                List.of(
                                                                        new ResultSubpartitionStateHandle(
                                                                                0,
                                                                                new ResultSubpartitionInfo(
                                                                                        0, 0),
                                                                                outputs,
                                                                                List.of(0L),
                                                                                300))))))
                        .build());
        OperatorState finished =
                new FullyFinishedOperatorState("source", "source-uid", new OperatorID(), 2, 128);

        CheckpointMetadata copy =
                roundTrip(
                        new SnapshotCopier(FileSystem.getLocalFileSystem(), target())
                                .copy(
                                        new CheckpointMetadata(
                                                3,
                                                List.of(running, finished),
                                                Collections.emptyList())));

        Map<String, OperatorState> byUid =
                copy.getOperatorStates().stream()
                        .collect(Collectors.toMap(o -> o.getOperatorUid().orElseThrow(), o -> o));
        assertThat(byUid).containsOnlyKeys("count-uid", "source-uid");
        assertThat(byUid.get("count-uid").getOperatorName()).contains("count");
        assertThat(byUid.get("count-uid").getOperatorID()).isEqualTo(running.getOperatorID());
        assertThat(byUid.get("source-uid").isFullyFinished()).isTrue();
        assertThat(byUid.get("source-uid").getOperatorName()).contains("source");
        assertThat(byUid.get("source-uid").getParallelism()).isEqualTo(2);

        OperatorSubtaskState state = byUid.get("count-uid").getState(0);
        InputStateHandle input = state.getInputChannelState().iterator().next();
        assertThat(input).isInstanceOf(MergedInputChannelStateHandle.class);
        MergedInputChannelStateHandle mergedInput = (MergedInputChannelStateHandle) input;
        assertThat(mergedInput.getInfos())
                .containsExactly(new InputChannelInfo(0, 0), new InputChannelInfo(0, 1));
        assertCopyOf(mergedInput.getDelegate(), "inputs");
        OutputStateHandle output = state.getResultSubpartitionState().iterator().next();
        assertThat(output).isInstanceOf(MergedResultSubpartitionStateHandle.class);
        assertThat(((MergedResultSubpartitionStateHandle) output).getInfos())
                .containsExactly(new ResultSubpartitionInfo(0, 0));
        assertCopyOf(((MergedResultSubpartitionStateHandle) output).getDelegate(), "outputs");
        assertThat(state.getStateSize()).isEqualTo(running.getState(0).getStateSize());
    }

    private Path target() throws Exception {
        return new Path(Files.createDirectories(dir.resolve("archive")).toUri());
    }

    /** Written as Flink writes an archive's _metadata, and read back as a restore reads it. */
    private CheckpointMetadata roundTrip(CheckpointMetadata metadata) throws Exception {
        java.nio.file.Path file = dir.resolve("archive").resolve("_metadata");
        try (OutputStream out = Files.newOutputStream(file)) {
            Checkpoints.storeCheckpointMetadata(metadata, new DataOutputStream(out));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Checkpoints.loadCheckpointMetadata(
                    new DataInputStream(in),
                    getClass().getClassLoader(),
                    dir.resolve("archive").toString());
        }
    }

    private FileStateHandle file(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (name.hashCode() + i);
        }
        java.nio.file.Path path = Files.createDirectories(dir.resolve("checkpoint")).resolve(name);
        Files.write(path, bytes);
        return new FileStateHandle(new Path(path.toUri()), size);
    }

    private void assertCopyOf(StreamStateHandle handle, String name) throws Exception {
        assertThat(handle).isInstanceOf(RelativeFileStateHandle.class);
        assertThat(((RelativeFileStateHandle) handle).getRelativePath()).isEqualTo(name);
        try (InputStream in = handle.openInputStream()) {
            assertThat(in.readAllBytes())
                    .isEqualTo(Files.readAllBytes(dir.resolve("checkpoint").resolve(name)));
        }
    }
}
