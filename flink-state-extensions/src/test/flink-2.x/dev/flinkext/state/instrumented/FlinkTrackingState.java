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

/**
 * Flink 2.x test adapter: the class Flink wraps a value state in when {@code
 * state.latency-track.keyed-state-enabled} is on. Since Flink 2.1 one wrapper, {@code
 * MetricsTrackingValueState}, serves both latency tracking and {@code state.size-track.*}; 1.20's
 * {@code LatencyTrackingValueState} is gone (see the 1.20 version of this class). Both are
 * package-private, so tests compare the name.
 */
final class FlinkTrackingState {

    /** Flink's latency-tracking wrapper of a value state on this line. */
    static final String VALUE_STATE_CLASS =
            "org.apache.flink.runtime.state.metrics.MetricsTrackingValueState";

    private FlinkTrackingState() {}
}
