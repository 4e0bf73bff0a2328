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
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;

import java.io.Serializable;

/**
 * The per-state metric settings, read once from configuration.
 *
 * @param enabled whether to report per-state metrics
 * @param sampleInterval one access in this many is measured
 * @param historySize samples kept per histogram
 */
@Internal
record StateMetricSettings(boolean enabled, int sampleInterval, int historySize)
        implements Serializable {

    StateMetricSettings {
        requirePositive(StateMetricOptions.SAMPLE_INTERVAL, sampleInterval);
        requirePositive(StateMetricOptions.HISTORY_SIZE, historySize);
    }

    static StateMetricSettings fromConfig(ReadableConfig config) {
        return new StateMetricSettings(
                config.get(StateMetricOptions.ENABLED),
                config.get(StateMetricOptions.SAMPLE_INTERVAL),
                config.get(StateMetricOptions.HISTORY_SIZE));
    }

    static void requirePositive(ConfigOption<Integer> option, int value) {
        if (value < 1) {
            throw new IllegalConfigurationException(
                    "Invalid value %s for '%s': it must be a whole number of at least 1.",
                    value, option.key());
        }
    }
}
