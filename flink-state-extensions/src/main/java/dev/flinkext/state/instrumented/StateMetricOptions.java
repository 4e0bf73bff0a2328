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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the per-state metrics that the instrumented state backends report. */
@PublicEvolving
public final class StateMetricOptions {

    /** Whether the instrumented backends report per-state metrics at all. */
    @Documentation.Section("flinkext_state_metrics")
    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("flinkext.state.metrics.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the instrumented state backends report per-state metrics"
                                    + " (reads, writes, sampled latency and sizes, estimated entries"
                                    + " and bytes) under the operator's metric group.");

    /** One access in this many is timed and has its key and value sizes measured. */
    @Documentation.Section("flinkext_state_metrics")
    public static final ConfigOption<Integer> SAMPLE_INTERVAL =
            ConfigOptions.key("flinkext.state.metrics.sample-interval")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "One state access in this many is timed and has its serialized key and"
                                    + " value sizes measured; the read and write counts always count"
                                    + " every access. 1 measures every access (slow).");

    /** How many samples the latency and size histograms keep. */
    @Documentation.Section("flinkext_state_metrics")
    public static final ConfigOption<Integer> HISTORY_SIZE =
            ConfigOptions.key("flinkext.state.metrics.history-size")
                    .intType()
                    .defaultValue(128)
                    .withDescription(
                            "How many of the latest samples the latency and size histograms keep.");

    private StateMetricOptions() {}
}
