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
package dev.flinkext.tools.diff;

import dev.flinkext.tools.inspect.SnapshotReport;
import dev.flinkext.tools.snapshot.StateFile;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two inspected snapshots. Streams are the same in both when they are the same file (or
 * file region), or an inline shared stream with the same handle name: that is how an incremental
 * checkpoint reuses the shared SST files of the one before, also those small enough to be inline.
 * Every other inline stream counts as written anew.
 */
@Internal
public final class SnapshotDiff {

    static final String ADDED = "added";
    static final String REMOVED = "removed";
    static final String KEPT = "kept";

    private SnapshotDiff() {}

    /** The identity of a stream across snapshots. */
    public static String streamKey(StateFile stream) {
        if (stream.path() != null) {
            return stream.path().toUri().normalize() + "@" + stream.offset();
        }
        // Only shared state is reused by an inline handle's name; other inline streams (operator
        // state, coordinator state under a fixed name) are written anew by every checkpoint.
        if (stream.role() == StateFile.Role.SHARED
                && stream.handle() instanceof ByteStreamStateHandle) {
            return "inline:" + ((ByteStreamStateHandle) stream.handle()).getHandleName();
        }
        return "inline@" + System.identityHashCode(stream.handle());
    }

    public static DiffReport of(
            SnapshotReport a,
            SnapshotReport b,
            List<StateFile> streamsA,
            List<StateFile> streamsB) {
        Map<String, StateFile> inA = new LinkedHashMap<>();
        for (StateFile stream : streamsA) {
            inA.put(streamKey(stream), stream);
        }
        Map<String, StateFile> inB = new LinkedHashMap<>();
        for (StateFile stream : streamsB) {
            inB.put(streamKey(stream), stream);
        }
        int reused = 0;
        long reusedBytes = 0;
        int added = 0;
        long addedBytes = 0;
        Map<String, long[]> perOperator = new HashMap<>();
        Map<String, String> uids = new HashMap<>();
        b.operators().forEach(o -> uids.put(o.uidHash(), o.uid()));
        List<DiffReport.ReusedFile> reusedFiles = new ArrayList<>();
        for (Map.Entry<String, StateFile> entry : inB.entrySet()) {
            StateFile stream = entry.getValue();
            String operator = stream.operator().toHexString();
            long[] bytes = perOperator.computeIfAbsent(operator, o -> new long[2]);
            if (inA.containsKey(entry.getKey())) {
                reused++;
                reusedBytes += stream.size();
                bytes[0] += stream.size();
                reusedFiles.add(
                        new DiffReport.ReusedFile(
                                stream.path() != null
                                        ? stream.path().toString()
                                        : "inline in _metadata ("
                                                + ((ByteStreamStateHandle) stream.handle())
                                                        .getHandleName()
                                                + ")",
                                stream.offset(),
                                stream.size(),
                                operator,
                                uids.get(operator),
                                stream.subtask(),
                                stream.role().description()));
            } else {
                added++;
                addedBytes += stream.size();
                bytes[1] += stream.size();
            }
        }
        return new DiffReport(
                new DiffReport.Side(a.path(), a.checkpointId(), a.kind()),
                new DiffReport.Side(b.path(), b.checkpointId(), b.kind()),
                a.totalSizeBytes(),
                b.totalSizeBytes(),
                b.totalSizeBytes() - a.totalSizeBytes(),
                reused,
                reusedBytes,
                added,
                addedBytes,
                operators(a, b, perOperator),
                reusedFiles,
                b.readWith());
    }

    private static List<DiffReport.Operator> operators(
            SnapshotReport a, SnapshotReport b, Map<String, long[]> streamBytes) {
        Map<String, SnapshotReport.Operator> inA = new LinkedHashMap<>();
        a.operators().forEach(o -> inA.put(o.uidHash(), o));
        Map<String, SnapshotReport.Operator> inB = new LinkedHashMap<>();
        b.operators().forEach(o -> inB.put(o.uidHash(), o));
        List<DiffReport.Operator> operators = new ArrayList<>();
        for (SnapshotReport.Operator operator : b.operators()) {
            SnapshotReport.Operator before = inA.get(operator.uidHash());
            operators.add(operator(before, operator, streamBytes));
        }
        for (SnapshotReport.Operator operator : a.operators()) {
            if (!inB.containsKey(operator.uidHash())) {
                operators.add(operator(operator, null, streamBytes));
            }
        }
        return operators;
    }

    private static DiffReport.Operator operator(
            SnapshotReport.Operator a, SnapshotReport.Operator b, Map<String, long[]> streamBytes) {
        SnapshotReport.Operator any = b != null ? b : a;
        long[] bytes =
                b == null ? new long[2] : streamBytes.getOrDefault(any.uidHash(), new long[2]);
        String status = a == null ? ADDED : b == null ? REMOVED : KEPT;
        Long sizeA = a == null ? null : a.sizeBytes();
        Long sizeB = b == null ? null : b.sizeBytes();
        return new DiffReport.Operator(
                any.uidHash(),
                b != null && b.uid() != null ? b.uid() : any.uid(),
                status,
                sizeA,
                sizeB,
                (sizeB == null ? 0 : sizeB) - (sizeA == null ? 0 : sizeA),
                bytes[0],
                bytes[1],
                states(a == null ? List.of() : a.states(), b == null ? List.of() : b.states()));
    }

    private static List<DiffReport.State> states(
            List<SnapshotReport.State> a, List<SnapshotReport.State> b) {
        Map<String, SnapshotReport.State> inA = new LinkedHashMap<>();
        a.forEach(s -> inA.put(s.kind() + '\u0000' + s.name(), s));
        Map<String, SnapshotReport.State> inB = new LinkedHashMap<>();
        b.forEach(s -> inB.put(s.kind() + '\u0000' + s.name(), s));
        List<DiffReport.State> states = new ArrayList<>();
        for (Map.Entry<String, SnapshotReport.State> state : inB.entrySet()) {
            SnapshotReport.State before = inA.get(state.getKey());
            SnapshotReport.State after = state.getValue();
            Long sizeA = before == null ? null : before.sizeBytes();
            Long sizeB = after.sizeBytes();
            Long change =
                    before == null ? sizeB : sizeA == null || sizeB == null ? null : sizeB - sizeA;
            states.add(
                    new DiffReport.State(
                            after.name(),
                            after.kind(),
                            before == null ? ADDED : KEPT,
                            sizeA,
                            sizeB,
                            change));
        }
        for (Map.Entry<String, SnapshotReport.State> state : inA.entrySet()) {
            if (!inB.containsKey(state.getKey())) {
                SnapshotReport.State before = state.getValue();
                Long sizeA = before.sizeBytes();
                states.add(
                        new DiffReport.State(
                                before.name(),
                                before.kind(),
                                REMOVED,
                                sizeA,
                                null,
                                sizeA == null ? null : -sizeA));
            }
        }
        return states;
    }
}
