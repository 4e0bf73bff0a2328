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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.internal.InternalKvState;
import org.apache.flink.runtime.state.metrics.LatencyTrackingStateConfig;
import org.apache.flink.runtime.state.metrics.MetricsTrackingStateFactory;
import org.apache.flink.runtime.state.metrics.SizeTrackingStateConfig;

/**
 * Flink 2.x only ({@link StateMetricsBenchmark}'s fixture): one keyed backend of one {@link Mode},
 * with a value state ({@code String} per key) and a map state ({@code Long} to {@code String}) (see
 * {@link KeyedStateFixture}). The values are {@code String}s, whose serialized length varies, so
 * that Flink's size tracking serializes them as it does real values (for fixed-length types such as
 * {@code Long} it only reads the serializer's length) and the pack's instrumentation serializes
 * them as always.
 */
@Internal
final class StateMetricsFixture extends KeyedStateFixture {

    static final String VALUE = "value";
    static final String MAP = "map";

    final ValueState<String> value;
    final MapState<Long, String> map;

    /** The value written for each key ({@code "value-<key>"}), made once. */
    final String[] values;

    private final MetricGroup metrics;

    StateMetricsFixture(String backend, Mode mode, MetricGroup metrics) throws Exception {
        this(backend, mode, new Configuration(), metrics);
    }

    /** A fixture whose backend is configured with {@code settings} on top of the mode's own. */
    StateMetricsFixture(String backend, Mode mode, Configuration settings, MetricGroup metrics)
            throws Exception {
        super(StateMetricsBackends.backend(backend, mode, settings), metrics);
        this.metrics = metrics;
        value = state(new ValueStateDescriptor<>(VALUE, Types.STRING));
        map = state(new MapStateDescriptor<>(MAP, Types.LONG, Types.STRING));
        values = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            values[i] = "value-" + i;
        }
    }

    /**
     * Writes through the states under measurement, so that their sampling counters start alike in
     * every run.
     */
    @Override
    void putValue(long key) throws Exception {
        value.update(values[(int) key]);
    }

    @Override
    void putMapEntry(long userKey, long key) throws Exception {
        map.put(userKey, values[(int) key]);
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
                                wrapped(rawValue, inner, descriptor(0), latency, size),
                                wrapped(rawMap, inner, descriptor(1), latency, size),
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
}
