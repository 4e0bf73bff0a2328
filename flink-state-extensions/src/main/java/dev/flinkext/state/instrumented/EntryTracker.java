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
package dev.flinkext.state.instrumented;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.MetricGroup;

import java.io.Serializable;

/**
 * What a backend knows about the size of its states that the access wrappers cannot see: how many
 * entries a state holds, and how large the current entry is.
 */
@Internal
public interface EntryTracker extends Serializable {

    /** Starts tracking one state; registers its entry and size gauges in {@code stateGroup}. */
    void track(
            AbstractInstrumentedState<?, ?, ?, ?> state,
            StateMetrics metrics,
            MetricGroup stateGroup);

    /** A keyed backend that reports metrics was created: add its backend-level metrics. */
    default void attach(InstrumentedKeyedStateBackend<?> backend) {}

    /** The keyed backend was disposed: forget its states. */
    default void release(InstrumentedKeyedStateBackend<?> backend) {}
}
