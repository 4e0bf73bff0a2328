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
import org.apache.flink.runtime.state.ResultSubpartitionStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.util.function.FunctionWithException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink 1.20 adapter: the parts of a checkpoint's metadata that {@link SnapshotCopier} rebuilds and
 * whose shape differs between the lines. On 1.20 an operator's state is known by its {@link
 * org.apache.flink.runtime.jobgraph.OperatorID} alone, and a subtask's in-flight (unaligned
 * checkpoint) data is one {@link InputChannelStateHandle} per input channel and one {@link
 * ResultSubpartitionStateHandle} per output subpartition. 2.x adds the operator's name and uid and
 * handles that merge all channels of a subtask into one (see the 2.x version of this class).
 */
@Internal
final class CheckpointMetadataAdapter {

    private CheckpointMetadataAdapter() {}

    /** A new, empty operator state of the same operator, parallelism and maximum parallelism. */
    static OperatorState emptyCopyOf(OperatorState operator) {
        return new OperatorState(
                operator.getOperatorID(), operator.getParallelism(), operator.getMaxParallelism());
    }

    /** The fully-finished marker of the same operator. */
    static OperatorState fullyFinishedCopyOf(OperatorState operator) {
        return new FullyFinishedOperatorState(
                operator.getOperatorID(), operator.getParallelism(), operator.getMaxParallelism());
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
        List<InputChannelStateHandle> inputs = new ArrayList<>();
        for (InputChannelStateHandle in : state.getInputChannelState()) {
            inputs.add(
                    new InputChannelStateHandle(
                            in.getSubtaskIndex(),
                            in.getInfo(),
                            copy.apply(in.getDelegate()),
                            in.getOffsets(),
                            in.getStateSize()));
        }
        builder.setInputChannelState(new StateObjectCollection<>(inputs));
        List<ResultSubpartitionStateHandle> outputs = new ArrayList<>();
        for (ResultSubpartitionStateHandle out : state.getResultSubpartitionState()) {
            outputs.add(
                    new ResultSubpartitionStateHandle(
                            out.getSubtaskIndex(),
                            out.getInfo(),
                            copy.apply(out.getDelegate()),
                            out.getOffsets(),
                            out.getStateSize()));
        }
        builder.setResultSubpartitionState(new StateObjectCollection<>(outputs));
    }
}
