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
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.core.fs.CloseableRegistry;
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

/** Creates the keyed state backends the benchmarks compare, outside a job. */
public final class KeyedBackends {

    /** Flink's backend as is, the pack's instrumented one, or Flink's with latency tracking. */
    public enum Mode {
        RAW,
        INSTRUMENTED,
        LATENCY_TRACKING
    }

    private KeyedBackends() {}

    static StateBackend backend(String type, Mode mode) {
        boolean rocksdb = type.equals("rocksdb");
        Configuration conf = new Configuration();
        ConfigurableStateBackend backend;
        switch (mode) {
            case INSTRUMENTED:
                backend =
                        rocksdb
                                ? new InstrumentedRocksDBStateBackend()
                                : new InstrumentedHashMapStateBackend();
                break;
            case LATENCY_TRACKING:
                conf.set(StateBackendOptions.LATENCY_TRACK_ENABLED, true);
                backend = rocksdb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
                break;
            default:
                backend = rocksdb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
        }
        return backend.configure(conf, KeyedBackends.class.getClassLoader());
    }

    /** A keyed backend over all 128 key groups, with its own mock task environment. */
    static CheckpointableKeyedStateBackend<Long> create(StateBackend backend, MockEnvironment env)
            throws Exception {
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
                        new UnregisteredMetricsGroup(),
                        (name, value) -> {},
                        List.of(),
                        new CloseableRegistry(),
                        1.0));
    }

    static MockEnvironment environment() {
        return new MockEnvironmentBuilder().setManagedMemorySize(128L << 20).build();
    }
}
