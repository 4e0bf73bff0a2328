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
package dev.flinkext.tools.snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.AbstractChannelStateHandle;

import java.util.ArrayList;
import java.util.List;

/**
 * Flink 1.20 adapter: a subtask's channel state (unaligned checkpoints' in-flight data), input
 * channels and result subpartitions, each an {@link AbstractChannelStateHandle} over one stream.
 */
@Internal
final class ChannelStates {

    private ChannelStates() {}

    /** Every channel state handle of {@code state}, with the stream that holds its bytes. */
    static List<ChannelState> of(OperatorSubtaskState state) {
        List<ChannelState> channels = new ArrayList<>();
        for (AbstractChannelStateHandle<?> handle : state.getInputChannelState()) {
            channels.add(new ChannelState(handle.getDelegate(), handle));
        }
        for (AbstractChannelStateHandle<?> handle : state.getResultSubpartitionState()) {
            channels.add(new ChannelState(handle.getDelegate(), handle));
        }
        return channels;
    }
}
