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

import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.snapshot.KeyedStateLayout;
import dev.flinkext.tools.snapshot.KeyedStateReader;
import dev.flinkext.tools.snapshot.OperatorIdentity;
import dev.flinkext.tools.snapshot.OperatorStateLayout;
import dev.flinkext.tools.snapshot.OperatorUids;
import dev.flinkext.tools.snapshot.Snapshot;
import dev.flinkext.tools.snapshot.StateFile;
import dev.flinkext.tools.snapshot.StateFiles;
import dev.flinkext.tools.snapshot.StateKinds;
import dev.flinkext.tools.snapshot.UnsupportedHandleException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link SnapshotReport}: totals are Flink's own ({@link OperatorState#getStateSize()});
 * inline bytes are the streams held in the metadata ({@code ByteStreamStateHandle}s); per-state
 * names, kinds and sizes come from the state streams as {@link KeyedStateReader} and {@link
 * OperatorStateLayout} read them. A state's size is the sum over its subtasks, or null if any
 * subtask's share is not attributable; what no state accounts for is the operator's {@code
 * unattributedBytes}.
 */
@Internal
public final class SnapshotInspector {

    /** The pseudo-state name for raw keyed state, whose stream has no names. */
    static final String RAW_KEYED_NAME = "(raw keyed state)";

    private final KeyedStateReader keyedReader;
    private final OperatorUids uids;
    private final Progress progress;

    public SnapshotInspector(KeyedStateReader keyedReader, OperatorUids uids, Progress progress) {
        this.keyedReader = keyedReader;
        this.uids = uids;
        this.progress = progress;
    }

    public SnapshotReport inspect(Snapshot snapshot) {
        List<SnapshotReport.Operator> operators = new ArrayList<>();
        long total = 0;
        long inline = 0;
        int index = 0;
        int count = snapshot.metadata().getOperatorStates().size();
        OperatorUids known = uids.with(snapshot.metadata());
        for (OperatorState operator : snapshot.metadata().getOperatorStates()) {
            index++;
            SnapshotReport.Operator report = operator(operator, known, index, count);
            operators.add(report);
            total += report.sizeBytes();
            inline += report.inlineBytes();
        }
        progress.done();
        return new SnapshotReport(
                snapshot.directory().toString(),
                snapshot.checkpointId(),
                snapshot.kind().label(),
                snapshot.formatVersion(),
                total,
                inline,
                total - inline,
                snapshot.metadataBytes(),
                operators,
                snapshot.readWith());
    }

    private SnapshotReport.Operator operator(
            OperatorState operator, OperatorUids known, int index, int count) {
        Map<String, StateSum> states = new LinkedHashMap<>();
        Set<String> notes = new LinkedHashSet<>();
        Set<String> keyedFormats = new LinkedHashSet<>();
        int subtasks = operator.getSubtaskStates().size();
        int done = 0;
        for (Map.Entry<Integer, OperatorSubtaskState> entry :
                operator.getSubtaskStates().entrySet()) {
            done++;
            progress.update(
                    String.format(
                            "reading operator %d/%d (%s), subtask %d/%d",
                            index, count, operator.getOperatorID(), done, subtasks));
            OperatorSubtaskState subtask = entry.getValue();
            for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                KeyedStateLayout layout = keyedReader.read(handle);
                keyedFormats.add(layout.format());
                if (layout.note() != null) {
                    notes.add(layout.note());
                }
                long[] sizes = layout.sizes();
                List<KeyedStateLayout.State> keyed = layout.states();
                for (int i = 0; i < keyed.size(); i++) {
                    sum(states, keyed.get(i).name(), keyed.get(i).kind())
                            .add(sizes == null ? null : sizes[i]);
                }
            }
            for (KeyedStateHandle handle : subtask.getRawKeyedState()) {
                sum(states, RAW_KEYED_NAME, StateKinds.RAW_KEYED).add(handle.getStateSize());
            }
            operatorStates(states, notes, subtask.getManagedOperatorState(), false);
            operatorStates(states, notes, subtask.getRawOperatorState(), true);
        }

        long size = operator.getStateSize();
        // Flink 1.20's OperatorSubtaskState does not implement collectSizeStats (every subtask
        // reports UNKNOWN), so inline bytes are counted from the streams themselves.
        long inline = 0;
        long coordinator =
                operator.getCoordinatorState() == null
                        ? 0
                        : operator.getCoordinatorState().getStateSize();
        Long shared = null;
        Long privateBytes = null;
        long channel = 0;
        try {
            for (StateFile file : StateFiles.of(operator)) {
                if (file.path() == null) {
                    inline += file.ownBytes();
                }
                switch (file.role()) {
                    case SHARED:
                        shared = (shared == null ? 0 : shared) + file.size();
                        break;
                    case PRIVATE:
                    case META:
                        privateBytes = (privateBytes == null ? 0 : privateBytes) + file.size();
                        break;
                    case CHANNEL:
                        channel += file.ownBytes();
                        break;
                    default:
                        break;
                }
            }
        } catch (UnsupportedHandleException e) {
            notes.add(e.getMessage());
        }
        if (shared != null && privateBytes == null) {
            privateBytes = 0L;
        }
        if (privateBytes != null && shared == null) {
            shared = 0L;
        }
        if (coordinator > 0) {
            notes.add("includes " + coordinator + " bytes of operator coordinator state");
        }
        if (channel > 0) {
            notes.add("includes " + channel + " bytes of in-flight channel data (unaligned)");
        }

        List<SnapshotReport.State> stateReports = new ArrayList<>();
        long attributed = 0;
        for (Map.Entry<String, StateSum> state : states.entrySet()) {
            StateSum sum = state.getValue();
            Long bytes = sum.unknown ? null : sum.bytes;
            if (bytes != null) {
                attributed += bytes;
            }
            stateReports.add(new SnapshotReport.State(sum.name, sum.kind, bytes));
        }
        return new SnapshotReport.Operator(
                operator.getOperatorID().toHexString(),
                known.uidOf(operator.getOperatorID()),
                OperatorIdentity.name(operator),
                operator.getParallelism(),
                operator.getMaxParallelism(),
                size,
                operator.getCheckpointedSize(),
                inline,
                size - inline,
                shared,
                privateBytes,
                coordinator,
                channel,
                size - attributed,
                keyedFormats.isEmpty() ? null : String.join(",", keyedFormats),
                stateReports,
                new ArrayList<>(notes));
    }

    private static void operatorStates(
            Map<String, StateSum> states,
            Set<String> notes,
            Iterable<OperatorStateHandle> handles,
            boolean raw) {
        for (OperatorStateHandle handle : handles) {
            OperatorStateLayout layout = OperatorStateLayout.of(handle, raw);
            Map<String, Long> sizes = layout.sizes();
            if (sizes == null) {
                notes.add(
                        "operator state offsets do not tile its stream: per-state sizes are not"
                                + " attributable");
            }
            for (Map.Entry<String, String> state : layout.kinds().entrySet()) {
                sum(states, state.getKey(), state.getValue())
                        .add(sizes == null ? null : sizes.get(state.getKey()));
            }
        }
    }

    private static StateSum sum(Map<String, StateSum> states, String name, String kind) {
        return states.computeIfAbsent(kind + '\u0000' + name, k -> new StateSum(name, kind));
    }

    /** One state's bytes over subtasks; unknown once any subtask's share is. */
    private static final class StateSum {
        final String name;
        final String kind;
        long bytes;
        boolean unknown;

        StateSum(String name, String kind) {
            this.name = name;
            this.kind = kind;
        }

        void add(Long subtaskBytes) {
            if (subtaskBytes == null) {
                unknown = true;
            } else {
                bytes += subtaskBytes;
            }
        }
    }
}
