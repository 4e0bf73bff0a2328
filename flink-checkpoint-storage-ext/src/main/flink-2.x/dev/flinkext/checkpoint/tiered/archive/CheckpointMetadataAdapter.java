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

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.checkpoint.FullyFinishedOperatorState;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.StateObjectCollection;
import org.apache.flink.runtime.state.InputChannelStateHandle;
import org.apache.flink.runtime.state.InputStateHandle;
import org.apache.flink.runtime.state.MergedInputChannelStateHandle;
import org.apache.flink.runtime.state.MergedResultSubpartitionStateHandle;
import org.apache.flink.runtime.state.OutputStateHandle;
import org.apache.flink.runtime.state.ResultSubpartitionStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.util.function.FunctionWithException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink 2.x adapter: the parts of a checkpoint's metadata that {@link SnapshotCopier} rebuilds and
 * whose shape differs between the lines. On 2.x an operator's state also carries the operator's
 * name and uid (metadata version 5 on writes them; the copy keeps them), and a subtask's in-flight
 * (unaligned checkpoint) data is a collection of {@link InputStateHandle} / {@link
 * OutputStateHandle}: either one handle per channel, as on 1.20, or a {@link
 * MergedInputChannelStateHandle} / {@link MergedResultSubpartitionStateHandle} holding all channels
 * of the subtask. The upstream output buffer state that 2.x also keeps on a subtask is not part of
 * the metadata file, so there is nothing of it to copy.
 */
@Internal
final class CheckpointMetadataAdapter {

    private CheckpointMetadataAdapter() {}

    /** A new, empty operator state of the same operator, parallelism and maximum parallelism. */
    static OperatorState emptyCopyOf(OperatorState operator) {
        return new OperatorState(
                operator.getOperatorName().orElse(null),
                operator.getOperatorUid().orElse(null),
                operator.getOperatorID(),
                operator.getParallelism(),
                operator.getMaxParallelism());
    }

    /** The fully-finished marker of the same operator. */
    static OperatorState fullyFinishedCopyOf(OperatorState operator) {
        return new FullyFinishedOperatorState(
                operator.getOperatorName().orElse(null),
                operator.getOperatorUid().orElse(null),
                operator.getOperatorID(),
                operator.getParallelism(),
                operator.getMaxParallelism());
    }

    /**
     * Sets {@code state}'s input channel and result subpartition state on {@code builder}, each
     * pointing at {@code copy}'s copy of the stream it reads from.
     */
    static void copyChannelState(
            OperatorSubtaskState state,
            OperatorSubtaskState.Builder builder,
            FunctionWithException<StreamStateHandle, StreamStateHandle, IOException> copy)
            throws IOException {
        List<InputStateHandle> inputs = new ArrayList<>();
        for (InputStateHandle in : state.getInputChannelState()) {
            inputs.add(copy(in, copy));
        }
        builder.setInputChannelState(new StateObjectCollection<>(inputs));
        List<OutputStateHandle> outputs = new ArrayList<>();
        for (OutputStateHandle out : state.getResultSubpartitionState()) {
            outputs.add(copy(out, copy));
        }
        builder.setResultSubpartitionState(new StateObjectCollection<>(outputs));
    }

    private static InputStateHandle copy(
            InputStateHandle handle,
            FunctionWithException<StreamStateHandle, StreamStateHandle, IOException> copy)
            throws IOException {
        if (handle instanceof InputChannelStateHandle) {
            InputChannelStateHandle in = (InputChannelStateHandle) handle;
            return new InputChannelStateHandle(
                    in.getSubtaskIndex(),
                    in.getInfo(),
                    copy.apply(in.getDelegate()),
                    in.getOffsets(),
                    in.getStateSize());
        }
        if (handle instanceof MergedInputChannelStateHandle) {
            MergedInputChannelStateHandle in = (MergedInputChannelStateHandle) handle;
            return new MergedInputChannelStateHandle(
                    in.getSubtaskIndex(),
                    copy.apply(in.getDelegate()),
                    in.getStateSize(),
                    in.getSerializedChannelOffsets());
        }
        throw unsupported("input channel", handle);
    }

    private static OutputStateHandle copy(
            OutputStateHandle handle,
            FunctionWithException<StreamStateHandle, StreamStateHandle, IOException> copy)
            throws IOException {
        if (handle instanceof ResultSubpartitionStateHandle) {
            ResultSubpartitionStateHandle out = (ResultSubpartitionStateHandle) handle;
            return new ResultSubpartitionStateHandle(
                    out.getSubtaskIndex(),
                    out.getInfo(),
                    copy.apply(out.getDelegate()),
                    out.getOffsets(),
                    out.getStateSize());
        }
        if (handle instanceof MergedResultSubpartitionStateHandle) {
            MergedResultSubpartitionStateHandle out = (MergedResultSubpartitionStateHandle) handle;
            return new MergedResultSubpartitionStateHandle(
                    out.getSubtaskIndex(),
                    copy.apply(out.getDelegate()),
                    out.getStateSize(),
                    out.getSerializedChannelOffsets());
        }
        throw unsupported("result subpartition", handle);
    }

    private static IOException unsupported(String what, Object handle) {
        return new IOException(
                "The archive cannot copy "
                        + what
                        + " state of type "
                        + handle.getClass().getName()
                        + "; supported: per-channel and merged channel state handles.");
    }
}
