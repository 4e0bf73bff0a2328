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
package dev.flinkext.benchmarks;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateLatencyTrackOptions;
import org.apache.flink.configuration.StateSizeTrackOptions;
import org.apache.flink.runtime.state.StateBackend;

import java.util.Locale;

/**
 * Flink 2.x only (Flink's size tracking exists from 2.1): the keyed state backends that {@link
 * StateMetricsBenchmark} compares, outside a job: Flink's own, with its size tracking, with its
 * latency tracking, and the pack's instrumented one, each configured only through configuration
 * keys, as a job would. Created by the shared {@link KeyedBackends}.
 */
@Internal
public final class StateMetricsBackends {

    /** What is measured on top of Flink's backend. */
    public enum Mode {
        /** Flink's {@code HashMapStateBackend} / {@code EmbeddedRocksDBStateBackend} as is. */
        RAW,
        /** {@code state.size-track.keyed-state-enabled: true}, default sample interval (100). */
        SIZE_TRACK,
        /**
         * Size tracking with {@code state.size-track.sample-interval: 2}, every other access: the
         * densest that Flink 2.3.0 samples. With interval 1 it samples nothing (its {@code
         * StateMetricBase#loopUpdateCounter} then always returns 0; FLINK-39790, fixed after
         * 2.3.0).
         */
        SIZE_TRACK_INTERVAL_2,
        /** {@code state.latency-track.keyed-state-enabled: true}, default sample interval (100). */
        LATENCY_TRACK,
        /** The pack's instrumented backend with default {@code flinkext.state.*} settings. */
        INSTRUMENTED;

        /** The mode as the tables name it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private StateMetricsBackends() {}

    /** The backend of {@code mode}, {@code type} being {@code heap} or {@code rocksdb}. */
    static StateBackend backend(String type, Mode mode) {
        return backend(type, mode, new Configuration());
    }

    /** The backend of {@code mode}, configured with {@code settings} on top of the mode's own. */
    static StateBackend backend(String type, Mode mode, Configuration settings) {
        return KeyedBackends.configure(
                mode == Mode.INSTRUMENTED
                        ? KeyedBackends.instrumented(type)
                        : KeyedBackends.flink(type),
                flinkSettings(mode),
                settings);
    }

    /** Flink's own keys that {@code mode} sets (none for raw and for the pack's backend). */
    static Configuration flinkSettings(Mode mode) {
        Configuration conf = new Configuration();
        switch (mode) {
            case SIZE_TRACK:
                conf.set(StateSizeTrackOptions.SIZE_TRACK_ENABLED, true);
                break;
            case SIZE_TRACK_INTERVAL_2:
                conf.set(StateSizeTrackOptions.SIZE_TRACK_ENABLED, true);
                conf.set(StateSizeTrackOptions.SIZE_TRACK_SAMPLE_INTERVAL, 2);
                break;
            case LATENCY_TRACK:
                conf.set(StateLatencyTrackOptions.LATENCY_TRACK_ENABLED, true);
                break;
            default:
        }
        return conf;
    }
}
