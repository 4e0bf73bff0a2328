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
import dev.flinkext.tools.snapshot.FlinkLine;
import dev.flinkext.tools.snapshot.OperatorUids;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.InspectChecks;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;
import dev.flinkext.tools.testing.UserClasses;

import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.flinkext.tools.testing.InspectChecks.stateSize;
import static dev.flinkext.tools.testing.InspectChecks.states;
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

    /**
     * A RocksDB checkpoint whose state {@code user} holds a POJO of the job's own (on no classpath
     * of the tests): without {@code --classpath} the meta information cannot be read past that
     * POJO's serializer snapshot, yet every state with data is named after its SST files' column
     * family and sized exactly, its kind unknown; with the job's classes the kinds are known too,
     * and the sizes are the same.
     */
    @Test
    void rocksDBStatesAreNamedByTheirFilesWithoutTheJobsClasses(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Path classes = UserClasses.compilePojo(tmp.resolve("user-job"));
        StateZooJob job =
                new StateZooJob("inspect-user", 10_000_000, 50, 4000, tmp.resolve("checkpoints"))
                        .backend("rocksdb-incremental")
                        .withUserType(classes, UserClasses.POJO);
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        String checkpoint;
        try {
            checkpoints.await(() -> job.counted() >= 400);
            checkpoint = checkpoints.checkpoint();
        } finally {
            checkpoints.cancel();
        }
        String uids = String.join(",", StateZooJob.UIDS);
        CliRun without = CliRun.of("inspect", "--json", "--uid", uids, checkpoint);
        assertThat(without.exitCode).as(without.toString()).isEqualTo(ExitCode.OK);
        JsonNode zoo = operator(without.json(), "zoo");
        assertThat(states(zoo))
                .containsEntry("user", "keyed")
                .containsEntry("count", "keyed")
                .containsEntry("recent", "keyed")
                .containsEntry("buckets", "keyed")
                .containsEntry("sum", "keyed")
                .containsEntry("average", "keyed")
                .containsEntry("_timer_state/processing_user-timers", "timers")
                .containsEntry("rules", "broadcast")
                // No event-time timer is ever set: no SST file names that queue.
                .hasSize(8);
        assertThat(zoo.get("notes").toString()).contains(UserClasses.POJO, "column families");
        InspectChecks.statesAddUp(without.json(), zoo, true, false);

        CliRun with =
                CliRun.of(
                        "inspect",
                        "--json",
                        "--uid",
                        uids,
                        "--classpath",
                        classes.toString(),
                        checkpoint);
        assertThat(with.exitCode).as(with.toString()).isEqualTo(ExitCode.OK);
        JsonNode known = operator(with.json(), "zoo");
        assertThat(states(known))
                .containsEntry("user", "keyed-value")
                .containsEntry("count", "keyed-value")
                .containsEntry("_timer_state/event_user-timers", "timers");
        assertThat(known.get("notes")).isEmpty();
        for (String state : states(zoo).keySet()) {
            assertThat(stateSize(zoo, state)).as(state).isEqualTo(stateSize(known, state));
        }
    }

    private static JsonNode operator(JsonNode report, String uid) {
        for (JsonNode operator : report.get("operators")) {
            if (operator.get("uid").asText().equals(uid)) {
                return operator;
            }
        }
        throw new AssertionError("no operator " + uid + " in " + report);
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
            InspectChecks.totalsAreFlinks(report, flink);
            checkNamesFromTheMetadata(snapshot.getKey(), report);
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
        long bucketKeys = 0;
        long allKeys = 0;
        long rocksdbEntries = 0;
        Map<String, Integer> parts = new LinkedHashMap<>();
        for (JsonNode restore : report.get("restores")) {
            parts.merge(
                    restore.get("uid").asText() + " " + restore.get("part").asText(),
                    1,
                    Integer::sum);
            if (restore.get("part").asText().equals("keyed state")) {
                assertThat(restore.get("backend").asText()).as(snapshot).isEqualTo(expected);
            }
            if (restore.has("rocksdbEntries")) {
                rocksdbEntries += restore.get("rocksdbEntries").asLong();
            }
            for (JsonNode state : restore.get("states")) {
                allKeys += state.path("keys").asLong();
                if (state.get("name").asText().equals("count")) {
                    counted += state.get("keys").asLong();
                }
                if (state.get("name").asText().equals("buckets")) {
                    bucketKeys += state.get("keys").asLong();
                }
            }
        }
        assertThat(counted).as("keys of state count read back from %s", snapshot).isEqualTo(keys);
        // Keys count one per key, whatever a map holds under it: buckets maps up to 7 per key.
        assertThat(bucketKeys).as("keys of map state buckets in %s", snapshot).isEqualTo(keys);
        if (expected.equals("rocksdb")) {
            // RocksDB's entries count each map entry (and timer) on its own.
            assertThat(rocksdbEntries).as("RocksDB entries of %s", snapshot).isGreaterThan(allKeys);
        } else {
            assertThat(rocksdbEntries).isZero();
        }
        // Both subtasks: zoo's keyed and broadcast state, buffer's and the source's operator state.
        assertThat(parts)
                .containsEntry("zoo keyed state", 2)
                .containsEntry("zoo operator state", 2)
                .containsEntry("buffer operator state", 2)
                .containsEntry("numbers operator state", 2);
    }

    /**
     * Without {@code --uid}: Flink 2.x's metadata names every operator and records its uid, so the
     * report is the same as with {@code --uid}; Flink 1.20's records neither.
     */
    private static void checkNamesFromTheMetadata(String snapshot, JsonNode withUids) {
        CliRun run = CliRun.of("inspect", "--json", snapshot);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        boolean flink2 = FlinkLine.name().equals(FlinkLine.FLINK_2);
        Map<String, String> uids = new LinkedHashMap<>();
        for (JsonNode operator : withUids.get("operators")) {
            uids.put(operator.get("uidHash").asText(), operator.get("uid").asText());
        }
        for (JsonNode operator : run.json().get("operators")) {
            if (flink2) {
                assertThat(operator.get("uid").asText())
                        .isEqualTo(uids.get(operator.get("uidHash").asText()));
                assertThat(operator.get("name").asText()).isNotBlank();
            } else {
                assertThat(operator.get("uid").isNull()).isTrue();
                assertThat(operator.get("name").isNull()).isTrue();
            }
        }
        if (flink2) {
            CliRun table = CliRun.of("inspect", snapshot);
            assertThat(table.out).contains("NAME", "read with Flink 2.");
        }
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
        boolean heapFormat = backend.equals("hashmap") && !kind.equals("canonical-savepoint");
        assertThat(stateSize(zoo, "count")).isPositive();
        InspectChecks.statesAddUp(report, zoo, rocksFiles, heapFormat);
        if (heapFormat) {
            // Heap format: per key group of each subtask a 2-byte state id and a 4-byte count
            // of entries; per key one entry of namespace (VoidNamespace: 1 byte), key (8 bytes)
            // and value (8 bytes).
            long count = stateSize(zoo, "count");
            assertThat(count).isEqualTo(50 * 17 + MAX_PARALLELISM * 6);
            assertThat(zoo.get("keyedFormat").asText()).isEqualTo("heap");
        }
    }
}
