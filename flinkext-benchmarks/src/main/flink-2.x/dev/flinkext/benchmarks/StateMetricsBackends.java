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

import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackend;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackend;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateLatencyTrackOptions;
import org.apache.flink.configuration.StateSizeTrackOptions;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.ConfigurableStateBackend;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyedStateBackendParametersImpl;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.ttl.TtlTimeProvider;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;

import java.util.List;
import java.util.Locale;

/**
 * Creates the keyed state backends that {@link StateMetricsBenchmark} compares on Flink 2.x,
 * outside a job: Flink's own, with its size tracking, with its latency tracking, and the pack's
 * instrumented one, each configured only through configuration keys, as a job would.
 */
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
        boolean rocksdb;
        switch (type) {
            case "heap":
                rocksdb = false;
                break;
            case "rocksdb":
                rocksdb = true;
                break;
            default:
                throw new IllegalArgumentException(
                        "Unknown backend '" + type + "': use heap or rocksdb.");
        }
        Configuration conf = flinkSettings(mode);
        ConfigurableStateBackend backend;
        if (mode == Mode.INSTRUMENTED) {
            backend =
                    rocksdb
                            ? new InstrumentedRocksDBStateBackend()
                            : new InstrumentedHashMapStateBackend();
        } else {
            backend = rocksdb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
        }
        conf.addAll(settings);
        return backend.configure(conf, StateMetricsBackends.class.getClassLoader());
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

    /**
     * A keyed backend over all 128 key groups, with {@code Long} keys, reporting its metrics to
     * {@code metrics}.
     */
    static CheckpointableKeyedStateBackend<Long> create(
            StateBackend backend, MockEnvironment env, MetricGroup metrics) throws Exception {
        return backend.createKeyedStateBackend(
                new KeyedStateBackendParametersImpl<>(
                        env,
                        new JobID(),
                        "benchmark",
                        LongSerializer.INSTANCE,
                        128,
                        new KeyGroupRange(0, 127),
                        env.getTaskKvStateRegistry(),
                        TtlTimeProvider.DEFAULT,
                        metrics,
                        (name, value) -> {},
                        List.of(),
                        new CloseableRegistry(),
                        1.0));
    }

    /**
     * A mock task environment with 512 MiB of managed memory for RocksDB's block cache and write
     * buffers, as the 1.20 benchmarks use (with less, some RocksDB backends read far slower than
     * their twins).
     */
    static MockEnvironment environment() {
        return new MockEnvironmentBuilder().setManagedMemorySize(512L << 20).build();
    }
}
