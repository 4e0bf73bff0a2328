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

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorage;
import dev.flinkext.checkpoint.tiered.testing.OperatorStates;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.StateObjectCollection;
import org.apache.flink.runtime.checkpoint.channel.InputChannelInfo;
import org.apache.flink.runtime.checkpoint.filemerging.LogicalFile;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.InputChannelStateHandle;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeOffsets;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filemerging.SegmentFileStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.filesystem.RelativeFileStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an archive holds, and that a failed one leaves nothing behind: files copied and pointed at
 * relatively, a source deleted or cut short fails the archive without a trace, retention by count
 * and age, leftovers removed.
 */
class CheckpointArchiverTest {

    @TempDir java.nio.file.Path dir;

    private java.nio.file.Path checkpoints;
    private java.nio.file.Path archive;
    private final JobID job = new JobID();
    private final List<FileStateHandle> files = new ArrayList<>();
    private TieredCheckpointStats stats;

    @BeforeEach
    void setUp() throws Exception {
        checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        archive = dir.resolve("archive");
        stats = TieredCheckpointStats.register(job, archive.toString());
    }

    private FileStateHandle file(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (name.hashCode() + i);
        }
        java.nio.file.Path path = checkpoints.resolve(name);
        Files.write(path, bytes);
        FileStateHandle handle = new FileStateHandle(new Path(path.toUri()), size);
        files.add(handle);
        return handle;
    }

    /** One keyed full snapshot, one incremental RocksDB snapshot, one inline operator state. */
    private CheckpointMetadata checkpoint(long id) throws Exception {
        OperatorState operator = OperatorStates.empty(new OperatorID(), 2, 128);
        KeyGroupRange first = KeyGroupRange.of(0, 63);
        operator.putState(
                0,
                OperatorSubtaskState.builder()
                        .setManagedKeyedState(
                                new KeyGroupsStateHandle(
                                        new KeyGroupRangeOffsets(first, new long[64]),
                                        file("full-" + id, 5000)))
                        .setManagedOperatorState(
                                new OperatorStreamStateHandle(
                                        Map.of(
                                                "offsets",
                                                new OperatorStateHandle.StateMetaInfo(
                                                        new long[] {0},
                                                        OperatorStateHandle.Mode.SPLIT_DISTRIBUTE)),
                                        new ByteStreamStateHandle("inline", new byte[] {1, 2, 3})))
                        .build());
        FileStateHandle shared = file("shared-sst", 70_000);
        operator.putState(
                1,
                OperatorSubtaskState.builder()
                        .setManagedKeyedState(
                                new IncrementalRemoteKeyedStateHandle(
                                        UUID.randomUUID(),
                                        KeyGroupRange.of(64, 127),
                                        id,
                                        List.of(
                                                HandleAndLocalPath.of(shared, "000001.sst"),
                                                HandleAndLocalPath.of(
                                                        file("sst-" + id, 1000), "000002.sst")),
                                        List.of(
                                                HandleAndLocalPath.of(
                                                        file("manifest-" + id, 100), "MANIFEST")),
                                        file("meta-" + id, 300)))
                        .build());
        return new CheckpointMetadata(id, List.of(operator), Collections.emptyList());
    }

    private CheckpointArchiver archiver(int retained, Duration maxAge) {
        return new CheckpointArchiver(
                job, new ArchiveSettings(archive.toUri().toString(), 1, null, retained, maxAge));
    }

    private java.nio.file.Path archived(long id) {
        return archive.resolve(job.toHexString()).resolve("chk-" + id);
    }

    @Test
    void archiveHoldsCopiesOfEveryFileAndMetadataPointingAtThem() throws Exception {
        assertThat(archiver(3, null).archive(checkpoint(7), 0, stats)).isTrue();

        java.nio.file.Path copy = archived(7);
        assertThat(stats.getArchivesCompleted()).isEqualTo(1);
        assertThat(stats.getLastArchivedCheckpointId()).isEqualTo(7);
        assertThat(stats.getLastArchiveBytes()).isEqualTo(5000 + 70_000 + 1000 + 100 + 300);
        assertThat(copy.resolve("_metadata")).exists();
        assertThat(copy.resolve("_metadata.inprogress")).doesNotExist();

        // Moved elsewhere, with the originals gone, the archive still reads back complete.
        java.nio.file.Path moved = Files.createDirectories(dir.resolve("moved")).resolve("chk-7");
        Files.move(copy, moved);
        for (FileStateHandle original : files) {
            Files.delete(new File(original.getFilePath().toUri()).toPath());
        }
        CheckpointMetadata restored;
        try (InputStream in = Files.newInputStream(moved.resolve("_metadata"))) {
            restored =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(in), getClass().getClassLoader(), moved.toString());
        }
        OperatorState operator = restored.getOperatorStates().iterator().next();
        KeyGroupsStateHandle full =
                (KeyGroupsStateHandle)
                        operator.getState(0).getManagedKeyedState().iterator().next();
        assertCopied(full.getDelegateStateHandle(), moved, "full-7");
        assertThat(
                        operator.getState(0)
                                .getManagedOperatorState()
                                .iterator()
                                .next()
                                .getDelegateStateHandle())
                .isInstanceOf(ByteStreamStateHandle.class);
        IncrementalRemoteKeyedStateHandle incremental =
                (IncrementalRemoteKeyedStateHandle)
                        operator.getState(1).getManagedKeyedState().iterator().next();
        assertCopied(incremental.getSharedState().get(0).getHandle(), moved, "shared-sst");
        assertThat(incremental.getSharedState().get(0).getLocalPath()).isEqualTo("000001.sst");
        assertCopied(incremental.getSharedState().get(1).getHandle(), moved, "sst-7");
        assertCopied(incremental.getPrivateState().get(0).getHandle(), moved, "manifest-7");
        assertCopied(incremental.getMetaDataStateHandle(), moved, "meta-7");
    }

    private void assertCopied(StreamStateHandle handle, java.nio.file.Path dir, String name)
            throws Exception {
        assertThat(handle).isInstanceOf(RelativeFileStateHandle.class);
        assertThat(((RelativeFileStateHandle) handle).getRelativePath()).isEqualTo(name);
        byte[] expected = new byte[(int) handle.getStateSize()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (name.hashCode() + i);
        }
        try (InputStream in = handle.openInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        assertThat(dir.resolve(name)).exists();
    }

    @Test
    void fileMergedSegmentsAndChannelStateBecomeFilesOfTheirOwn() throws Exception {
        // Two segments of one merged file, and two channels' in-flight data in one file.
        FileStateHandle merged = file("merged", 3000);
        FileStateHandle channels = file("channels", 800);
        OperatorState operator = OperatorStates.empty(new OperatorID(), 1, 128);
        operator.putState(
                0,
                OperatorSubtaskState.builder()
                        .setManagedKeyedState(
                                new KeyGroupsStateHandle(
                                        new KeyGroupRangeOffsets(
                                                KeyGroupRange.of(0, 0), new long[] {0}),
                                        segment(merged, 1000, 500)))
                        .setRawKeyedState(
                                new KeyGroupsStateHandle(
                                        new KeyGroupRangeOffsets(
                                                KeyGroupRange.of(0, 0), new long[] {0}),
                                        segment(merged, 2000, 1000)))
                        .setInputChannelState(
                                new StateObjectCollection<>(
                                        List.of(
                                                new InputChannelStateHandle(
                                                        0,
                                                        new InputChannelInfo(0, 0),
                                                        channels,
                                                        List.of(0L),
                                                        400),
                                                new InputChannelStateHandle(
                                                        0,
                                                        new InputChannelInfo(0, 1),
                                                        channels,
                                                        List.of(400L),
                                                        400))))
                        .build());

        archiver(3, null)
                .archive(
                        new CheckpointMetadata(9, List.of(operator), Collections.emptyList()),
                        0,
                        stats);

        java.nio.file.Path copy = archived(9);
        assertThat(stats.getLastArchiveBytes()).isEqualTo(500 + 1000 + 800);
        CheckpointMetadata restored;
        try (InputStream in = Files.newInputStream(copy.resolve("_metadata"))) {
            restored =
                    Checkpoints.loadCheckpointMetadata(
                            new DataInputStream(in), getClass().getClassLoader(), copy.toString());
        }
        OperatorSubtaskState state = restored.getOperatorStates().iterator().next().getState(0);
        StreamStateHandle first =
                ((KeyGroupsStateHandle) state.getManagedKeyedState().iterator().next())
                        .getDelegateStateHandle();
        assertThat(first).isInstanceOf(RelativeFileStateHandle.class);
        try (InputStream in = first.openInputStream()) {
            assertThat(in.readAllBytes())
                    .isEqualTo(
                            Arrays.copyOfRange(
                                    Files.readAllBytes(checkpoints.resolve("merged")), 1000, 1500));
        }
        // On 2.x the collection's type is InputStateHandle; unmerged handles stay unmerged.
        List<InputChannelStateHandle> inputs = new ArrayList<>();
        for (Object in : state.getInputChannelState()) {
            inputs.add((InputChannelStateHandle) in);
        }
        assertThat(inputs).hasSize(2);
        assertThat(inputs.get(0).getDelegate())
                .as("one copy of a file both channels point into")
                .isEqualTo(inputs.get(1).getDelegate());
        assertThat(inputs.get(1).getOffsets()).containsExactly(400L);
        assertThat(copy.resolve("channels")).hasSize(800);
    }

    private static SegmentFileStateHandle segment(FileStateHandle file, long start, long size) {
        return new SegmentFileStateHandle(
                file.getFilePath(),
                start,
                size,
                CheckpointedStateScope.EXCLUSIVE,
                new LogicalFile.LogicalFileId(UUID.randomUUID().toString()));
    }

    @Test
    void theStoragesResolveAnArchivePointer() throws Exception {
        archiver(3, null).archive(checkpoint(5), 0, stats);
        String pointer = archived(5).toUri().toString();
        for (TieredCheckpointStorage storage :
                List.of(
                        new TieredCheckpointStorage(checkpoints.toUri().toString()),
                        new TieredCheckpointStorage())) {
            CompletedCheckpointStorageLocation location = storage.resolveCheckpoint(pointer);
            assertThat(location.getMetadataHandle().getStateSize())
                    .isEqualTo(Files.size(archived(5).resolve("_metadata")));
        }
    }

    @Test
    void aSharedFileDeletedBeforeItIsCopiedFailsTheArchiveWithoutATrace() throws Exception {
        CheckpointMetadata checkpoint = checkpoint(3);
        // Flink discards a subsumed checkpoint's shared file while the archive is pending.
        Files.delete(checkpoints.resolve("shared-sst"));

        assertThat(archiver(3, null).archive(checkpoint, 0, stats)).isFalse();

        assertThat(stats.getArchivesFailed()).isEqualTo(1);
        assertThat(stats.getArchivesCompleted()).isZero();
        assertThat(stats.getLastArchiveFailure()).contains("checkpoint 3").contains("shared-sst");
        assertThat(archived(3)).doesNotExist();
    }

    @Test
    void aFileShorterThanRecordedFailsTheArchive() throws Exception {
        CheckpointMetadata checkpoint = checkpoint(4);
        Files.write(checkpoints.resolve("meta-4"), new byte[10]);

        archiver(3, null).archive(checkpoint, 0, stats);

        assertThat(stats.getLastArchiveFailure())
                .contains("holds 10 bytes where its checkpoint recorded 300");
        assertThat(archived(4)).doesNotExist();
    }

    @Test
    void anArchiveOfAnEarlierRunIsNeverOverwritten() throws Exception {
        // A job id reused (application mode with HA), restarted from an older checkpoint.
        CheckpointArchiver archiver = archiver(3, null);
        assertThat(archiver.archive(checkpoint(5), 1000, stats)).isTrue();
        byte[] first = Files.readAllBytes(archived(5).resolve("_metadata"));
        assertThat(archiver.archive(checkpoint(5), 2000, stats)).isTrue();
        assertThat(Files.readAllBytes(archived(5).resolve("_metadata"))).isEqualTo(first);
        assertThat(archive.resolve(job.toHexString()).resolve("chk-5-2000").resolve("_metadata"))
                .exists();
    }

    @Test
    void keepsTheNewestArchivesAndRemovesLeftovers() throws Exception {
        CheckpointArchiver archiver = archiver(2, null);
        Files.createDirectories(archived(2)); // a failed archive's leftover, no _metadata
        for (long id = 1; id <= 4; id++) {
            archiver.archive(checkpoint(id), 0, stats);
        }
        assertThat(archived(1)).doesNotExist();
        assertThat(archived(2)).doesNotExist();
        assertThat(archived(3).resolve("_metadata")).exists();
        assertThat(archived(4).resolve("_metadata")).exists();
    }

    @Test
    void removesArchivesOlderThanTheMaxAgeButNeverTheNewest() throws Exception {
        CheckpointArchiver archiver = archiver(10, Duration.ofHours(1));
        archiver.archive(checkpoint(1), 0, stats);
        archiver.archive(checkpoint(2), 0, stats);
        long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        assertThat(archived(1).resolve("_metadata").toFile().setLastModified(twoHoursAgo)).isTrue();
        assertThat(archived(2).resolve("_metadata").toFile().setLastModified(twoHoursAgo)).isTrue();

        archiver.archive(checkpoint(3), 0, stats);

        assertThat(archived(1)).doesNotExist();
        assertThat(archived(2)).doesNotExist();
        assertThat(archived(3).resolve("_metadata")).exists();
        // Alone and old, the newest stays.
        assertThat(archived(3).resolve("_metadata").toFile().setLastModified(twoHoursAgo)).isTrue();
        CheckpointMetadata fourth = checkpoint(4);
        Files.delete(checkpoints.resolve("shared-sst"));
        archiver.archive(fourth, 0, stats); // fails: nothing newer replaces chk-3
        assertThat(archived(3).resolve("_metadata")).exists();
    }

    @Test
    void dueEveryNthCheckpointOrAfterTheInterval() {
        ArchiveSettings everyThird = new ArchiveSettings("/a", 3, null, 1, null);
        assertThat(everyThird.isDue(1, null)).as("the first completed checkpoint").isTrue();
        assertThat(everyThird.isDue(2, Duration.ofDays(1))).isFalse();
        assertThat(everyThird.isDue(3, Duration.ZERO)).isTrue();

        ArchiveSettings hourly =
                ArchiveSettings.fromConfig(
                        Configuration.fromMap(
                                Map.of(
                                        "flinkext.checkpoint.tiered.archive.interval",
                                        "1 h",
                                        "flinkext.checkpoint.tiered.archive.dir",
                                        "/a")));
        assertThat(hourly.isDue(1000, Duration.ofMinutes(59))).isFalse();
        assertThat(hourly.isDue(1, Duration.ofMinutes(60))).isTrue();
    }
}
