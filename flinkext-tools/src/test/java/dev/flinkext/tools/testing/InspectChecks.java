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
package dev.flinkext.tools.testing;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks of an {@code inspect --json} report against what Flink itself says about the same
 * snapshot: its checkpoint statistics for the totals, and its metadata (read with Flink's loader)
 * for what no state accounts for.
 */
public final class InspectChecks {

    private InspectChecks() {}

    /**
     * Totals are Flink's: per operator (each a job vertex, chaining is off) and in all, without
     * operator coordinator state, which Flink's task statistics do not count.
     */
    public static void totalsAreFlinks(JsonNode report, JobCheckpoints.Figures flink) {
        long total = 0;
        long coordinators = 0;
        for (JsonNode operator : report.get("operators")) {
            long size = operator.get("sizeBytes").asLong();
            long coordinator = operator.get("coordinatorBytes").asLong();
            total += size;
            coordinators += coordinator;
            assertThat(size - coordinator)
                    .as(
                            "operator %s (%s): inspect's size without coordinator state vs Flink's"
                                    + " task statistics",
                            operator.get("uid"), operator.get("uidHash"))
                    .isEqualTo(flink.stateSizePerVertex.get(operator.get("uidHash").asText()));
        }
        assertThat(report.get("totalSizeBytes").asLong()).isEqualTo(total);
        assertThat(total - coordinators)
                .as("total without coordinator state vs Flink's")
                .isEqualTo(flink.stateSize);
        assertThat(report.get("inlineBytes").asLong() + report.get("fileBytes").asLong())
                .isEqualTo(total);
    }

    /**
     * Every state of the operator is sized, the states and what stays unattributed add up to the
     * operator's size, and what stays unattributed is exactly what belongs to no state: with {@code
     * rocksFiles} (RocksDB checkpoints and native savepoints) every SST file belongs to one state
     * and nothing else does; otherwise only the streams' headers and key-group framing are left
     * ({@code heapFormat}: the heap backend's checkpoint format, else the unified one).
     */
    public static void statesAddUp(
            JsonNode report, JsonNode operator, boolean rocksFiles, boolean heapFormat)
            throws IOException {
        long attributed = 0;
        long keyed = 0;
        for (JsonNode state : operator.get("states")) {
            assertThat(state.get("sizeBytes").isNull())
                    .as(state + " in " + report.get("path") + ", notes " + operator.get("notes"))
                    .isFalse();
            attributed += state.get("sizeBytes").asLong();
            String kind = state.get("kind").asText();
            if (kind.startsWith("keyed")
                    || kind.equals("timers")
                    || kind.equals("priority-queue")) {
                keyed += state.get("sizeBytes").asLong();
            }
        }
        assertThat(attributed + operator.get("unattributedBytes").asLong())
                .isEqualTo(operator.get("sizeBytes").asLong());
        String snapshot = report.get("path").asText();
        String uidHash = operator.get("uidHash").asText();
        if (rocksFiles) {
            assertThat(keyed)
                    .as("keyed states vs the SST files' bytes")
                    .isEqualTo(sstBytes(snapshot, uidHash));
            assertThat(operator.get("sharedBytes").asLong() + operator.get("privateBytes").asLong())
                    .isPositive()
                    .isLessThanOrEqualTo(operator.get("sizeBytes").asLong());
        } else {
            assertThat(operator.get("unattributedBytes").asLong())
                    .as("only stream headers and key-group framing stay unattributed")
                    .isEqualTo(headersAndFraming(snapshot, uidHash, heapFormat));
        }
    }

    /** State name to kind, of one operator of the report. */
    public static Map<String, String> states(JsonNode operator) {
        Map<String, String> states = new LinkedHashMap<>();
        for (JsonNode state : operator.get("states")) {
            states.put(state.get("name").asText(), state.get("kind").asText());
        }
        return states;
    }

    /** The size of state {@code name} of one operator of the report. */
    public static long stateSize(JsonNode operator, String name) {
        for (JsonNode state : operator.get("states")) {
            if (state.get("name").asText().equals(name)) {
                return state.get("sizeBytes").asLong();
            }
        }
        throw new AssertionError("no state " + name + " in " + operator);
    }

    /** The bytes of the SST files Flink's metadata records for one operator. */
    private static long sstBytes(String snapshotDir, String uidHash) throws IOException {
        long bytes = 0;
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
                                bytes += file.getStateSize();
                            }
                        }
                    }
                }
            }
        }
        return bytes;
    }

    /**
     * What no state accounts for, from the metadata's own offsets: each stream's meta information
     * (up to its first key group or first state), and per key group its id (heap format, 4 bytes)
     * or the id of its first state (unified format, 2 bytes).
     */
    private static long headersAndFraming(String snapshotDir, String uidHash, boolean heapFormat)
            throws IOException {
        long expected = 0;
        for (OperatorState operator : load(snapshotDir).getOperatorStates()) {
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

    /** A snapshot's metadata, as Flink's loader reads it. */
    public static CheckpointMetadata load(String snapshotDir) throws IOException {
        Path metadataFile = Path.of(URI.create(snapshotDir)).resolve("_metadata");
        try (DataInputStream in = new DataInputStream(Files.newInputStream(metadataFile))) {
            return Checkpoints.loadCheckpointMetadata(
                    in, InspectChecks.class.getClassLoader(), snapshotDir);
        }
    }
}
