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

import dev.flinkext.checkpoint.tiered.archive.TieredCheckpointStats;
import dev.flinkext.checkpoint.tiered.testing.CountingFileSystem;
import dev.flinkext.checkpoint.tiered.testing.OperatorStates;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.CheckpointMetadataOutputStream;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.CheckpointStorageLocation;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeOffsets;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.filesystem.RelativeFileStateHandle;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.testutils.CommonTestUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tiered storage asks of the filesystem for one checkpoint, counted on a local filesystem
 * that records the calls an object store pays requests for ({@link CountingFileSystem}): state
 * files are created without the existence probe, {@code _metadata} with Flink's check, entropy is
 * injected into state file paths as before, and the JobManager's read-back of a checkpoint looks up
 * one file.
 */
class StateFileSystemTest {

    private static final int STATE_BYTES = 30_000;

    @TempDir Path dir;

    private final JobID job = new JobID();

    /** What one checkpoint wrote: a task's state file, its task-owned state, the metadata. */
    private static final class Written {
        StreamStateHandle state;
        StreamStateHandle taskOwned;
        CompletedCheckpointStorageLocation completed;
    }

    private String base(String name) {
        return CountingFileSystem.SCHEME + "://" + dir.resolve(name).toUri().getPath();
    }

    private static TieredCheckpointStorage tiered(String base) {
        // Flink's filesystem storage keeps up to 20 KiB inline: both write STATE_BYTES to a file.
        return new TieredCheckpointStorage(base)
                .with(TieredCheckpointStorageOptions.INLINE_THRESHOLD, MemorySize.parse("1kb"));
    }

    private static byte[] bytes(int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 3);
        return data;
    }

    /** Checkpoint 1 as Flink runs it: the task side writes its streams, the JobManager the rest. */
    private Written checkpoint(CheckpointStorage storage) throws Exception {
        CheckpointStorageAccess access = storage.createCheckpointStorage(job);
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(1);
        Written written = new Written();
        try (CheckpointStateOutputStream out =
                access.resolveCheckpointStorageLocation(1, location.getLocationReference())
                        .createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            out.write(bytes(STATE_BYTES));
            written.state = out.closeAndGetHandle();
        }
        try (CheckpointStateOutputStream out = access.createTaskOwnedStateStream()) {
            out.write(bytes(STATE_BYTES));
            written.taskOwned = out.closeAndGetHandle();
        }
        OperatorState operator = OperatorStates.empty(new OperatorID(), 1, 128);
        operator.putState(
                0,
                OperatorSubtaskState.builder()
                        .setManagedKeyedState(
                                new KeyGroupsStateHandle(
                                        new KeyGroupRangeOffsets(
                                                KeyGroupRange.of(0, 127), new long[128]),
                                        written.state))
                        .build());
        try (CheckpointMetadataOutputStream out = location.createMetadataOutputStream()) {
            Checkpoints.storeCheckpointMetadata(
                    new CheckpointMetadata(1, List.of(operator), List.of()),
                    new DataOutputStream(out));
            written.completed = out.closeAndFinalizeCheckpoint();
        }
        return written;
    }

    private static String path(StreamStateHandle handle) {
        return ((FileStateHandle) handle).getFilePath().toUri().getPath();
    }

    private static List<String> creates(String base) {
        return CountingFileSystem.calls(base.substring(base.indexOf(":///") + 3)).stream()
                .filter(call -> call.startsWith("create "))
                .collect(Collectors.toList());
    }

    @Test
    void stateFilesAreCreatedWithoutTheExistenceProbeAndTheMetadataWithIt() throws Exception {
        String tieredBase = base("tiered");
        Written tiered = checkpoint(tiered(tieredBase));
        String metadata = path(tiered.completed.getMetadataHandle());
        assertThat(creates(tieredBase))
                .containsExactlyInAnyOrder(
                        "create OVERWRITE " + path(tiered.state),
                        "create OVERWRITE " + path(tiered.taskOwned),
                        "create NO_OVERWRITE " + metadata);
        // Flink's own check that no other writer made this checkpoint's metadata.
        assertThat(CountingFileSystem.calls(metadata)).contains("exists " + metadata);
        try (InputStream in = tiered.state.openInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(STATE_BYTES));
        }

        // Flink's filesystem storage on the same filesystem creates every file without overwrite.
        String flinkBase = base("flink");
        // (Its task-owned stream needs a write buffer at least as large as its inline threshold.)
        Written flink =
                checkpoint(
                        new FileSystemCheckpointStorage(
                                new org.apache.flink.core.fs.Path(flinkBase),
                                20 * 1024,
                                20 * 1024));
        assertThat(creates(flinkBase))
                .containsExactlyInAnyOrder(
                        "create NO_OVERWRITE " + path(flink.state),
                        "create NO_OVERWRITE " + path(flink.taskOwned),
                        "create NO_OVERWRITE " + path(flink.completed.getMetadataHandle()));
    }

    @Test
    void entropyIsStillInjectedIntoStateFilePaths() throws Exception {
        String base = base(CountingFileSystem.ENTROPY_KEY + "/checkpoints");
        Written tiered = checkpoint(tiered(base));
        String entropic = dir.resolve(CountingFileSystem.ENTROPY + "/checkpoints").toString();
        assertThat(path(tiered.state)).startsWith(entropic + "/").doesNotContain("_entropy_");
        assertThat(path(tiered.taskOwned)).startsWith(entropic + "/");
        // A path with entropy is absolute: the checkpoint directory does not contain it.
        assertThat(tiered.state).isNotInstanceOf(RelativeFileStateHandle.class);
        assertThat(creates(entropic))
                .containsExactlyInAnyOrder(
                        "create OVERWRITE " + path(tiered.state),
                        "create OVERWRITE " + path(tiered.taskOwned));
        // The metadata goes to the checkpoint directory without the entropy key, as with Flink's.
        String plain = dir.resolve("checkpoints").toString();
        assertThat(path(tiered.completed.getMetadataHandle()))
                .startsWith(plain + "/")
                .endsWith("/chk-1/_metadata");
        assertThat(creates(plain))
                .containsExactly(
                        "create NO_OVERWRITE " + path(tiered.completed.getMetadataHandle()));
        try (InputStream in = tiered.state.openInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(STATE_BYTES));
        }
    }

    @Test
    void theMonitorReadsACheckpointBackWithOneLookup() throws Exception {
        String base = base("monitored");
        String root = dir.resolve("monitored").toString();
        Written tiered = checkpoint(tiered(base));
        // The state file's handle is relative: reading it back needs the checkpoint directory.
        assertThat(tiered.state).isInstanceOf(RelativeFileStateHandle.class);
        CommonTestUtils.waitUntilCondition(
                () ->
                        TieredCheckpointStats.of(job)
                                .map(stats -> stats.getLastCheckpointId() == 1)
                                .orElse(false));
        TieredCheckpointStats stats = TieredCheckpointStats.of(job).orElseThrow();
        assertThat(stats.getLastCheckpointFileBytes()).isEqualTo(STATE_BYTES);
        // Flink's pointer to the directory would cost two: the directory, then its _metadata.
        assertThat(CountingFileSystem.calls(root).stream().filter(c -> c.startsWith("getFile")))
                .containsExactly("getFileStatus " + path(tiered.completed.getMetadataHandle()));
    }
}
