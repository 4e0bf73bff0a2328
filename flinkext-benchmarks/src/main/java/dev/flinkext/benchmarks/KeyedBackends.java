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

import dev.flinkext.state.hashmap.HeapStateGuardOptions;
import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackend;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackend;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateLatencyTrackOptions;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.ConfigurableStateBackend;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyedStateBackendParametersImpl;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.ttl.TtlTimeProvider;

import java.util.List;

/**
 * Creates the keyed state backends the benchmarks compare, outside a job, as Flink's own benchmarks
 * do: on both lines (the 2.x benchmark's modes are {@link StateMetricsBackends}'), with {@link
 * FlinkRocksDB} naming Flink's RocksDB backend of each line.
 */
public final class KeyedBackends {

    /**
     * What the 1.20 state access benchmarks compare: Flink's backend as is, the pack's instrumented
     * one, or Flink's with latency tracking.
     */
    public enum Mode {
        RAW,
        INSTRUMENTED,
        /**
         * Instrumented with a sample interval no run reaches: every access counted, none timed or
         * measured, so that the unsampled path alone is what differs from {@link #RAW} (and so no
         * heap guard either, which only runs after samples).
         */
        INSTRUMENTED_UNSAMPLED,
        /**
         * Instrumented, sampled as by default, with the heap state-size guard off ({@code
         * flinkext.state.heap.size-guard.enabled: false}): what the guard's check after every
         * sample costs. On RocksDB the same as {@link #INSTRUMENTED}.
         */
        INSTRUMENTED_NO_HEAP_GUARD,
        LATENCY_TRACKING
    }

    private KeyedBackends() {}

    static StateBackend backend(String type, Mode mode) {
        return backend(type, mode, new Configuration());
    }

    /** The backend of {@code mode}, configured with {@code settings} on top of the mode's own. */
    static StateBackend backend(String type, Mode mode, Configuration settings) {
        Configuration conf = new Configuration();
        ConfigurableStateBackend backend;
        switch (mode) {
            case INSTRUMENTED:
                backend = instrumented(type);
                break;
            case INSTRUMENTED_UNSAMPLED:
                // Its guard would never run (it runs after samples); off, its states also stay out
                // of the JVM-wide sum that the other instrumented backends' guards add up.
                conf.set(HeapStateGuardOptions.ENABLED, false);
                backend =
                        isRocksDB(type)
                                ? new InstrumentedRocksDBStateBackend()
                                        .setSampleInterval(Integer.MAX_VALUE)
                                : new InstrumentedHashMapStateBackend()
                                        .setSampleInterval(Integer.MAX_VALUE);
                break;
            case INSTRUMENTED_NO_HEAP_GUARD:
                conf.set(HeapStateGuardOptions.ENABLED, false);
                backend = instrumented(type);
                break;
            case LATENCY_TRACKING:
                conf.set(StateLatencyTrackOptions.LATENCY_TRACK_ENABLED, true);
                backend = flink(type);
                break;
            default:
                backend = flink(type);
        }
        return configure(backend, conf, settings);
    }

    /** Flink's own backend of {@code type}, {@code heap} or {@code rocksdb}. */
    static ConfigurableStateBackend flink(String type) {
        return isRocksDB(type) ? FlinkRocksDB.backend() : new HashMapStateBackend();
    }

    /** The pack's instrumented backend of {@code type}, {@code heap} or {@code rocksdb}. */
    static ConfigurableStateBackend instrumented(String type) {
        return isRocksDB(type)
                ? new InstrumentedRocksDBStateBackend()
                : new InstrumentedHashMapStateBackend();
    }

    /** {@code backend} configured with {@code conf}, then {@code settings} on top. */
    static StateBackend configure(
            ConfigurableStateBackend backend, Configuration conf, Configuration settings) {
        Configuration all = new Configuration();
        all.addAll(conf);
        all.addAll(settings);
        return backend.configure(all, KeyedBackends.class.getClassLoader());
    }

    private static boolean isRocksDB(String type) {
        switch (type) {
            case "heap":
                return false;
            case "rocksdb":
                return true;
            default:
                throw new IllegalArgumentException(
                        "Unknown backend '" + type + "': use heap or rocksdb.");
        }
    }

    /** A keyed backend over all 128 key groups, with its own mock task environment. */
    static CheckpointableKeyedStateBackend<Long> create(StateBackend backend, MockEnvironment env)
            throws Exception {
        return create(backend, env, new UnregisteredMetricsGroup());
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
     * A mock task environment with 512 MiB of managed memory, RocksDB's block cache and write
     * buffers. With 128 MiB, a RocksDB backend filled with a million map entries now and then (3 of
     * 39) read a hundred times slower than its twins with identical files, for as long as it lived;
     * with 512 MiB none did in 16.
     */
    static MockEnvironment environment() {
        return new MockEnvironmentBuilder().setManagedMemorySize(512L << 20).build();
    }
}
