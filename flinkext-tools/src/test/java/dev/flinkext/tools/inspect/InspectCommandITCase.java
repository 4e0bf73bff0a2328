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
package dev.flinkext.tools.inspect;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.snapshot.OperatorUids;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inspect} on checkpoints and savepoints of a real job (heap, RocksDB full, RocksDB
 * incremental): its totals are Flink's own checkpoint statistics for the same checkpoint, its state
 * names and kinds are the job's, and attributed per-state sizes are exact.
 */
class InspectCommandITCase {

    private static final int MAX_PARALLELISM = 128;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(ToolsCluster.configuration(5));

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb", "rocksdb-incremental"})
    void totalsAreFlinksAndStatesAreTheJobs(String backend, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        StateZooJob job =
                new StateZooJob(backend, 10_000_000, 50, 4000, tmp.resolve("checkpoints"))
                        .backend(backend);
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        try {
            inspectSnapshotsOf(job, checkpoints, backend);
        } finally {
            checkpoints.cancel();
        }
    }

    /**
     * Truncated and bit-flipped copies of a real checkpoint's _metadata: each either still reads
     * (exit 0) or is refused with one line naming the file (exit 2); never a stack trace, never an
     * exception out of the command line.
     */
    @Test
    void corruptMetadataIsBadInputNeverACrash(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        StateZooJob job = new StateZooJob("fuzz", 10_000_000, 50, 4000, tmp.resolve("checkpoints"));
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        String checkpoint;
        try {
            checkpoints.await(() -> job.counted() >= 400);
            checkpoint = checkpoints.checkpoint();
        } finally {
            checkpoints.cancel();
        }
        Path original = Path.of(java.net.URI.create(checkpoint)).resolve("_metadata");
        byte[] bytes = Files.readAllBytes(original);
        Path corrupt = tmp.resolve("corrupt").resolve("_metadata");
        Files.createDirectories(corrupt.getParent());
        Random random = new Random(42);
        int refused = 0;
        int read = 0;
        List<byte[]> variants = new ArrayList<>();
        int step = Math.max(1, bytes.length / 150);
        for (int length = 0; length < bytes.length; length += step) {
            variants.add(Arrays.copyOf(bytes, length));
        }
        for (int i = 0; i < 300; i++) {
            byte[] flipped = bytes.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(flipped.length);
                flipped[at] ^= (byte) (1 << random.nextInt(8));
            }
            variants.add(flipped);
        }
        for (byte[] variant : variants) {
            Files.write(corrupt, variant);
            CliRun run = CliRun.of("inspect", "--json", corrupt.toString());
            assertThat(run.exitCode).as(run.toString()).isIn(ExitCode.OK, ExitCode.BAD_INPUT);
            if (run.exitCode == ExitCode.BAD_INPUT) {
                refused++;
                assertThat(run.err.strip().lines()).as(run.toString()).hasSize(1);
                assertThat(run.err).contains(corrupt.toString()).doesNotContain("\tat ");
                assertThat(run.out).isEmpty();
            } else {
                read++;
                assertThat(run.json().get("operators").size()).isPositive();
            }
        }
        // Every truncation is refused; most flips are too (flips in inline bytes may still read).
        assertThat(refused).isGreaterThanOrEqualTo(variants.size() - 300);
        System.out.printf(
                "fuzzed %d variants of %d bytes: %d refused, %d still read%n",
                variants.size(), bytes.length, refused, read);
    }

    private void inspectSnapshotsOf(StateZooJob job, JobCheckpoints checkpoints, String backend)
            throws Exception {
        checkpoints.await(() -> job.counted() >= 400);
        String first = checkpoints.checkpoint();
        checkpoints.await(() -> job.counted() >= 1500);
        String second = checkpoints.checkpoint();
        String canonical =
                checkpoints.savepoint(tmp.resolve("savepoints"), SavepointFormatType.CANONICAL);
        String nativeSavepoint =
                checkpoints.savepoint(tmp.resolve("savepoints"), SavepointFormatType.NATIVE);

        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put(first, "checkpoint");
        kinds.put(second, "checkpoint");
        kinds.put(canonical, "canonical-savepoint");
        kinds.put(nativeSavepoint, "native-savepoint");
        for (Map.Entry<String, String> snapshot : kinds.entrySet()) {
            CliRun run =
                    CliRun.of(
                            "inspect",
                            "--json",
                            "--uid",
                            String.join(",", StateZooJob.UIDS),
                            snapshot.getKey());
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
            JsonNode report = run.json();
            assertThat(report.get("kind").asText()).isEqualTo(snapshot.getValue());
            JobCheckpoints.Figures flink = checkpoints.figures(report.get("checkpointId").asLong());
            assertThat(flink.externalPath).isEqualTo(snapshot.getKey());
            flink.assertInspectMatches(report);
            checkStates(report, backend, snapshot.getValue());
            deepVerifies(snapshot.getKey(), backend, snapshot.getValue(), job.keys());
        }
    }

    /**
     * {@code verify --deep} restores every state of the snapshot with the backend its handles call
     * for (canonical savepoints with the heap backend, which reads every value), and reads each key
     * of value state {@code count} back.
     */
    private static void deepVerifies(String snapshot, String backend, String kind, int keys) {
        CliRun run =
                CliRun.of(
                        "verify",
                        "--deep",
                        "--json",
                        "--uid",
                        String.join(",", StateZooJob.UIDS),
                        snapshot);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        JsonNode report = run.json();
        assertThat(report.get("restoreFailures").asInt()).isZero();
        String expected =
                kind.equals("canonical-savepoint") || backend.equals("hashmap")
                        ? "heap"
                        : "rocksdb";
        long counted = 0;
        Map<String, Integer> parts = new LinkedHashMap<>();
        for (JsonNode restore : report.get("restores")) {
            parts.merge(
                    restore.get("uid").asText() + " " + restore.get("part").asText(),
                    1,
                    Integer::sum);
            if (restore.get("part").asText().equals("keyed state")) {
                assertThat(restore.get("backend").asText()).as(snapshot).isEqualTo(expected);
            }
            for (JsonNode state : restore.get("states")) {
                if (state.get("name").asText().equals("count")) {
                    counted += state.get("entries").asLong();
                }
            }
        }
        assertThat(counted).as("keys of state count read back from %s", snapshot).isEqualTo(keys);
        // Both subtasks: zoo's keyed and broadcast state, buffer's and the source's operator state.
        assertThat(parts)
                .containsEntry("zoo keyed state", 2)
                .containsEntry("zoo operator state", 2)
                .containsEntry("buffer operator state", 2)
                .containsEntry("numbers operator state", 2);
    }

    private static void checkStates(JsonNode report, String backend, String kind)
            throws IOException {
        Map<String, JsonNode> operators = new LinkedHashMap<>();
        for (JsonNode operator : report.get("operators")) {
            operators.put(operator.get("uid").asText(), operator);
            assertThat(operator.get("uidHash").asText())
                    .isEqualTo(OperatorUids.hash(operator.get("uid").asText()).toHexString());
            assertThat(operator.get("parallelism").asInt()).isEqualTo(2);
            assertThat(operator.get("maxParallelism").asInt()).isEqualTo(MAX_PARALLELISM);
        }
        assertThat(operators.keySet()).containsExactlyInAnyOrderElementsOf(StateZooJob.UIDS);

        assertThat(states(operators.get("buffer")))
                .containsEntry("pending", "operator-list")
                .containsEntry("seen", "operator-union")
                .hasSize(2);
        assertThat(states(operators.get("numbers")))
                .containsEntry("SourceReaderState", "operator-list");
        assertThat(states(operators.get("report"))).isEmpty();
        JsonNode zoo = operators.get("zoo");
        assertThat(states(zoo))
                .containsEntry("count", "keyed-value")
                .containsEntry("recent", "keyed-list")
                .containsEntry("buckets", "keyed-map")
                .containsEntry("sum", "keyed-reducing")
                .containsEntry("average", "keyed-aggregating")
                // The timer service registers both queues, the event-time one stays empty.
                .containsEntry("_timer_state/processing_user-timers", "timers")
                .containsEntry("_timer_state/event_user-timers", "timers")
                .containsEntry("rules", "broadcast")
                .hasSize(8);

        // Operator state sizes come from the offsets in the metadata, for every backend.
        for (String uid : List.of("buffer", "numbers")) {
            for (JsonNode state : operators.get(uid).get("states")) {
                assertThat(state.get("sizeBytes").isNull()).as(uid + " " + state).isFalse();
            }
        }
        // Flink 1.20's RocksDB backend writes SST files (IncrementalRemoteKeyedStateHandle) for
        // incremental and full checkpoints alike (RocksNativeFullSnapshotStrategy) and for native
        // savepoints; only canonical savepoints are key-group streams.
        boolean rocksFiles = backend.startsWith("rocksdb") && !kind.equals("canonical-savepoint");
        long attributed = 0;
        long keyed = 0;
        for (JsonNode state : zoo.get("states")) {
            assertThat(state.get("sizeBytes").isNull())
                    .as(state + " in " + backend + " " + kind + ", notes " + zoo.get("notes"))
                    .isFalse();
            attributed += state.get("sizeBytes").asLong();
            if (!state.get("kind").asText().equals("broadcast")) {
                keyed += state.get("sizeBytes").asLong();
            }
        }
        assertThat(stateSize(zoo, "count")).isPositive();
        assertThat(attributed + zoo.get("unattributedBytes").asLong())
                .isEqualTo(zoo.get("sizeBytes").asLong());
        RocksFiles files = RocksFiles.of(report.get("path").asText(), zoo.get("uidHash").asText());
        if (rocksFiles) {
            // Every SST file belongs to one state (its column family); nothing else does.
            assertThat(keyed).as("keyed states vs the SST files' bytes").isEqualTo(files.sstBytes);
            assertThat(zoo.get("sharedBytes").asLong() + zoo.get("privateBytes").asLong())
                    .isPositive()
                    .isLessThanOrEqualTo(zoo.get("sizeBytes").asLong());
        } else {
            assertThat(zoo.get("unattributedBytes").asLong())
                    .as("only stream headers and key-group framing stay unattributed")
                    .isEqualTo(
                            headersAndFraming(
                                    report.get("path").asText(),
                                    zoo.get("uidHash").asText(),
                                    backend.equals("hashmap")
                                            && !kind.equals("canonical-savepoint")));
        }
        boolean heapFormat = backend.equals("hashmap") && !kind.equals("canonical-savepoint");
        if (heapFormat) {
            // Heap format: per key group of each subtask a 2-byte state id and a 4-byte count
            // of entries; per key one entry of namespace (VoidNamespace: 1 byte), key (8 bytes)
            // and value (8 bytes).
            long count = stateSize(zoo, "count");
            assertThat(count).isEqualTo(50 * 17 + MAX_PARALLELISM * 6);
            assertThat(zoo.get("keyedFormat").asText()).isEqualTo("heap");
        }
    }

    /** What Flink's metadata records for one operator's RocksDB files. */
    private static final class RocksFiles {
        long sstBytes;

        static RocksFiles of(String snapshotDir, String uidHash) throws IOException {
            RocksFiles files = new RocksFiles();
            for (OperatorState operator : load(snapshotDir).getOperatorStates()) {
                if (!operator.getOperatorID().toHexString().equals(uidHash)) {
                    continue;
                }
                for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                    for (KeyedStateHandle keyed : subtask.getManagedKeyedState()) {
                        if (keyed instanceof IncrementalRemoteKeyedStateHandle) {
                            IncrementalRemoteKeyedStateHandle rocks =
                                    (IncrementalRemoteKeyedStateHandle) keyed;
                            List<HandleAndLocalPath> all = new ArrayList<>(rocks.getSharedState());
                            all.addAll(rocks.getPrivateState());
                            for (HandleAndLocalPath file : all) {
                                if (file.getLocalPath().endsWith(".sst")) {
                                    files.sstBytes += file.getStateSize();
                                }
                            }
                        }
                    }
                }
            }
            return files;
        }
    }

    private static CheckpointMetadata load(String snapshotDir) throws IOException {
        java.nio.file.Path metadataFile =
                java.nio.file.Path.of(java.net.URI.create(snapshotDir)).resolve("_metadata");
        try (DataInputStream in = new DataInputStream(Files.newInputStream(metadataFile))) {
            return Checkpoints.loadCheckpointMetadata(
                    in, InspectCommandITCase.class.getClassLoader(), snapshotDir);
        }
    }

    /**
     * What no state accounts for, from the metadata's own offsets: each stream's meta information
     * (up to its first key group or first state), and per key group its id (heap format, 4 bytes)
     * or the id of its first state (unified format, 2 bytes).
     */
    private static long headersAndFraming(String snapshotDir, String uidHash, boolean heapFormat)
            throws IOException {
        java.nio.file.Path metadataFile =
                java.nio.file.Path.of(java.net.URI.create(snapshotDir)).resolve("_metadata");
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(metadataFile))) {
            metadata =
                    Checkpoints.loadCheckpointMetadata(
                            in, InspectCommandITCase.class.getClassLoader(), snapshotDir);
        }
        long expected = 0;
        for (OperatorState operator : metadata.getOperatorStates()) {
            if (!operator.getOperatorID().toHexString().equals(uidHash)) {
                continue;
            }
            for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                for (KeyedStateHandle keyed : subtask.getManagedKeyedState()) {
                    KeyGroupsStateHandle groups = (KeyGroupsStateHandle) keyed;
                    long first = Long.MAX_VALUE;
                    int written = 0;
                    for (Tuple2<Integer, Long> group : groups.getGroupRangeOffsets()) {
                        if (group.f1 != 0) {
                            first = Math.min(first, group.f1);
                            written++;
                        }
                    }
                    expected += first + (long) written * (heapFormat ? 4 : 2);
                }
                for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
                    long first = handle.getDelegateStateHandle().getStateSize();
                    for (OperatorStateHandle.StateMetaInfo info :
                            handle.getStateNameToPartitionOffsets().values()) {
                        for (long offset : info.getOffsets()) {
                            first = Math.min(first, offset);
                        }
                    }
                    expected += first;
                }
            }
        }
        return expected;
    }

    private static Map<String, String> states(JsonNode operator) {
        Map<String, String> states = new LinkedHashMap<>();
        for (JsonNode state : operator.get("states")) {
            states.put(state.get("name").asText(), state.get("kind").asText());
        }
        return states;
    }

    private static long stateSize(JsonNode operator, String name) {
        for (JsonNode state : operator.get("states")) {
            if (state.get("name").asText().equals(name)) {
                return state.get("sizeBytes").asLong();
            }
        }
        throw new AssertionError("no state " + name + " in " + operator);
    }
}
