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
import org.apache.flink.runtime.state.AbstractMergedChannelStateHandle;
import org.apache.flink.runtime.state.StateObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Flink 2.x adapter: a subtask's channel state (unaligned checkpoints' in-flight data). 2.x types
 * input and output channel state as {@code InputStateHandle} / {@code OutputStateHandle}, each
 * either one channel's handle ({@link AbstractChannelStateHandle}) or one merged handle for all
 * channels of the subtask ({@link AbstractMergedChannelStateHandle}, one stream for them all), and
 * adds the upstream output buffers a rescaled restore hands on.
 */
@Internal
final class ChannelStates {

    private ChannelStates() {}

    /** Every channel state handle of {@code state}, with the stream that holds its bytes. */
    static List<ChannelState> of(OperatorSubtaskState state) {
        List<ChannelState> channels = new ArrayList<>();
        add(channels, state.getInputChannelState());
        add(channels, state.getResultSubpartitionState());
        add(channels, state.getUpstreamOutputBufferState());
        return channels;
    }

    private static void add(
            List<ChannelState> channels, Collection<? extends StateObject> handles) {
        for (StateObject handle : handles) {
            if (handle instanceof AbstractChannelStateHandle) {
                channels.add(
                        new ChannelState(
                                ((AbstractChannelStateHandle<?>) handle).getDelegate(), handle));
            } else if (handle instanceof AbstractMergedChannelStateHandle) {
                channels.add(
                        new ChannelState(
                                ((AbstractMergedChannelStateHandle<?, ?>) handle).getDelegate(),
                                handle));
            } else {
                throw new IllegalStateException(
                        "unknown channel state handle " + handle.getClass().getName());
            }
        }
    }
}
