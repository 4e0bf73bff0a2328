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
import dev.flinkext.state.instrumented.AbstractInstrumentedState;
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
import org.apache.flink.runtime.state.internal.InternalKvState;
import org.apache.flink.runtime.state.metrics.LatencyTrackingStateConfig;
import org.apache.flink.runtime.state.metrics.MetricsTrackingStateFactory;
import org.apache.flink.runtime.state.metrics.SizeTrackingStateConfig;
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
    private final MetricGroup metrics;
    private final long[] order;

    StateMetricsFixture(String backend, Mode mode, MetricGroup metrics) throws Exception {
        this(backend, mode, new Configuration(), metrics);
    }

    /** A fixture whose backend is configured with {@code settings} on top of the mode's own. */
    StateMetricsFixture(String backend, Mode mode, Configuration settings, MetricGroup metrics)
            throws Exception {
        this.metrics = metrics;
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

    /**
     * One view per mode, in the order of {@link Mode}, over the entries of this fixture, which must
     * be {@link Mode#INSTRUMENTED}: Flink's own states underneath the instrumented ones (raw),
     * those states wrapped by Flink's size or latency tracking as Flink's backends wrap them when
     * the mode's keys are set ({@code MetricsTrackingStateFactory}, with the settings of {@link
     * StateMetricsBackends#flinkSettings}), and the instrumented states themselves. All read and
     * write the very same entries, so that comparing them compares the wrappers alone. Each view
     * walks the key order from its own part of it.
     */
    View[] views() throws Exception {
        if (!(keyed instanceof InstrumentedKeyedStateBackend)) {
            throw new IllegalStateException("Views need an instrumented fixture, not " + keyed);
        }
        KeyedStateBackend<Long> inner = ((InstrumentedKeyedStateBackend<Long>) keyed).inner();
        InternalKvState<Long, ?, ?> rawValue =
                ((AbstractInstrumentedState<Long, ?, ?, ?>) value).original();
        InternalKvState<Long, ?, ?> rawMap =
                ((AbstractInstrumentedState<Long, ?, ?, ?>) map).original();
        Mode[] modes = Mode.values();
        View[] views = new View[modes.length];
        for (int m = 0; m < modes.length; m++) {
            Mode mode = modes[m];
            int start = m * KEYS / modes.length;
            if (mode == Mode.INSTRUMENTED) {
                views[m] = new View(mode, keyed, value, map, start);
            } else {
                Configuration conf = StateMetricsBackends.flinkSettings(mode);
                LatencyTrackingStateConfig latency =
                        LatencyTrackingStateConfig.newBuilder()
                                .configure(conf)
                                .setMetricGroup(metrics)
                                .build();
                SizeTrackingStateConfig size =
                        SizeTrackingStateConfig.newBuilder()
                                .configure(conf)
                                .setMetricGroup(metrics)
                                .build();
                views[m] =
                        new View(
                                mode,
                                inner,
                                wrapped(rawValue, inner, descriptors.get(0), latency, size),
                                wrapped(rawMap, inner, descriptors.get(1), latency, size),
                                start);
            }
        }
        return views;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> T wrapped(
            InternalKvState<Long, ?, ?> state,
            KeyedStateBackend<Long> backend,
            StateDescriptor<?, ?> descriptor,
            LatencyTrackingStateConfig latency,
            SizeTrackingStateConfig size)
            throws Exception {
        return (T)
                MetricsTrackingStateFactory.createStateAndWrapWithMetricsTrackingIfEnabled(
                        (InternalKvState) state,
                        backend,
                        (StateDescriptor) descriptor,
                        latency,
                        size);
    }

    /**
     * The states one mode's accesses go through, the backend to set the key on, and the mode's own
     * position in the shared key order.
     */
    final class View {
        final Mode mode;
        final KeyedStateBackend<Long> keyed;
        final ValueState<String> value;
        final MapState<Long, String> map;
        final String[] values = StateMetricsFixture.this.values;
        private int position;

        private View(
                Mode mode,
                KeyedStateBackend<Long> keyed,
                ValueState<String> value,
                MapState<Long, String> map,
                int start) {
            this.mode = mode;
            this.keyed = keyed;
            this.value = value;
            this.map = map;
            this.position = start;
        }

        /** The next key in the fixed order from this view's start, wrapping around. */
        long nextKey() {
            long key = order[position];
            position = position + 1 == KEYS ? 0 : position + 1;
            return key;
        }
    }

    @Override
    public void close() throws Exception {
        keyed.dispose();
        env.close();
    }
}
