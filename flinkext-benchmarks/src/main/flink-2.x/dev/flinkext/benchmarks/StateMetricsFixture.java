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

import dev.flinkext.benchmarks.StateMetricsBackends.Mode;
import dev.flinkext.state.instrumented.InstrumentedKeyedStateBackend;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;

import java.util.List;
import java.util.Random;

/**
 * One keyed backend of one {@link Mode}, outside a job, with a value state ({@code String} per key)
 * and a map state ({@code Long} to {@code String}), and a fixed random order of its {@value #KEYS}
 * keys, the same for every mode. The values are {@code String}s, whose serialized length varies, so
 * that Flink's size tracking serializes them as it does real values (for fixed-length types such as
 * {@code Long} it only reads the serializer's length) and the pack's instrumentation serializes
 * them as always.
 */
final class StateMetricsFixture implements AutoCloseable {

    static final int KEYS = 100_000;

    /** User keys per map entry; map accesses use {@code key % USER_KEYS}. */
    static final int USER_KEYS = 10;

    static final String VALUE = "value";
    static final String MAP = "map";

    final CheckpointableKeyedStateBackend<Long> keyed;
    final ValueState<String> value;
    final MapState<Long, String> map;

    /** The value written for each key ({@code "value-<key>"}), made once. */
    final String[] values;

    private final List<StateDescriptor<?, ?>> descriptors;
    private final MockEnvironment env;
    private final long[] order;
    private int next;

    StateMetricsFixture(String backend, Mode mode, MetricGroup metrics) throws Exception {
        this(backend, mode, new Configuration(), metrics);
    }

    /** A fixture whose backend is configured with {@code settings} on top of the mode's own. */
    StateMetricsFixture(String backend, Mode mode, Configuration settings, MetricGroup metrics)
            throws Exception {
        env = StateMetricsBackends.environment();
        keyed =
                StateMetricsBackends.create(
                        StateMetricsBackends.backend(backend, mode, settings), env, metrics);
        ValueStateDescriptor<String> valueDescriptor =
                new ValueStateDescriptor<>(VALUE, Types.STRING);
        MapStateDescriptor<Long, String> mapDescriptor =
                new MapStateDescriptor<>(MAP, Types.LONG, Types.STRING);
        descriptors = List.of(valueDescriptor, mapDescriptor);
        value =
                keyed.getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, valueDescriptor);
        map =
                keyed.getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, mapDescriptor);
        values = new String[KEYS];
        order = new long[KEYS];
        for (int i = 0; i < KEYS; i++) {
            values[i] = "value-" + i;
            order[i] = i;
        }
        Random random = new Random(42);
        for (int i = KEYS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /**
     * Fills what {@code operation} (a benchmark method name) reads or overwrites, through the
     * states under measurement (so their sampling counters start alike in every run): a value per
     * key for the value operations, {@value #USER_KEYS} map entries per key for the map ones. Then
     * compacts.
     */
    void prepareFor(String operation) throws Exception {
        for (int key = 0; key < KEYS; key++) {
            keyed.setCurrentKey((long) key);
            if (operation.startsWith("value")) {
                value.update(values[key]);
            } else if (operation.startsWith("map")) {
                for (long userKey = 0; userKey < USER_KEYS; userKey++) {
                    map.put(userKey, values[key]);
                }
            }
        }
        compact();
    }

    /**
     * Flushes and fully compacts a RocksDB backend's states, so that no flush or compaction left
     * over from filling them runs while they are measured.
     */
    private void compact() throws Exception {
        KeyedStateBackend<Long> backend = keyed;
        if (backend instanceof InstrumentedKeyedStateBackend) {
            backend = ((InstrumentedKeyedStateBackend<Long>) backend).inner();
        }
        if (backend instanceof RocksDBKeyedStateBackend) {
            for (StateDescriptor<?, ?> descriptor : descriptors) {
                ((RocksDBKeyedStateBackend<Long>) backend).compactState(descriptor);
            }
        }
    }

    /** The next key in the fixed order, wrapping around. */
    long nextKey() {
        long key = order[next];
        next = next + 1 == KEYS ? 0 : next + 1;
        return key;
    }

    @Override
    public void close() throws Exception {
        keyed.dispose();
        env.close();
    }
}
