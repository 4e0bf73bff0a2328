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

import dev.flinkext.state.instrumented.AbstractInstrumentedState;
import dev.flinkext.state.instrumented.InstrumentedKeyedStateBackend;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateLatencyTrackOptions;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.internal.InternalKvState;
import org.apache.flink.runtime.state.metrics.LatencyTrackingStateConfig;
import org.apache.flink.runtime.state.metrics.LatencyTrackingStateFactory;

/**
 * One keyed backend of the 1.20 state benchmarks, with a value, a list and a map state of {@code
 * Long}s (see {@link KeyedStateFixture}); {@link #prepareFor} leaves the lists empty.
 *
 * <p>An instrumented fixture also gives {@linkplain #unwrapped() Flink's own states underneath} and
 * {@linkplain #withLatencyTracking() those wrapped by Flink's latency tracking}: views over the
 * same stored entries, so that comparing them compares the wrappers alone.
 *
 * <p>{@link #nextKey()} only returns the next key: the caller sets it on {@link #keyed}, so that
 * each benchmark has its own call site and its own type profile for it.
 */
final class StateFixture extends KeyedStateFixture {

    /** Entries of each state added by {@link #addStates}. */
    static final int EXTRA_STATE_KEYS = 1_000;

    final ValueState<Long> value;
    final ListState<Long> list;
    final MapState<Long, Long> map;

    private int next;

    StateFixture(String backend, KeyedBackends.Mode mode) throws Exception {
        this(backend, mode, new Configuration());
    }

    StateFixture(String backend, KeyedBackends.Mode mode, Configuration settings) throws Exception {
        super(KeyedBackends.backend(backend, mode, settings), new UnregisteredMetricsGroup());
        value = state(new ValueStateDescriptor<>("value", Types.LONG));
        list = state(new ListStateDescriptor<>("list", Types.LONG));
        map = state(new MapStateDescriptor<>("map", Types.LONG, Types.LONG));
    }

    private StateFixture(
            StateFixture of,
            CheckpointableKeyedStateBackend<Long> keyed,
            ValueState<Long> value,
            ListState<Long> list,
            MapState<Long, Long> map) {
        super(of, keyed);
        this.value = value;
        this.list = list;
        this.map = map;
    }

    /**
     * Flink's own backend and states underneath this instrumented fixture: what a job without the
     * pack's instrumentation would call.
     */
    @SuppressWarnings("unchecked")
    StateFixture unwrapped() {
        return new StateFixture(
                this,
                ((InstrumentedKeyedStateBackend<Long>) keyed).inner(),
                (ValueState<Long>) ((AbstractInstrumentedState<?, ?, ?, ?>) value).original(),
                (ListState<Long>) ((AbstractInstrumentedState<?, ?, ?, ?>) list).original(),
                (MapState<Long, Long>) ((AbstractInstrumentedState<?, ?, ?, ?>) map).original());
    }

    /**
     * This fixture's states wrapped by Flink's latency tracking as Flink's backends wrap them with
     * {@code state.latency-track.keyed-state-enabled: true} (default sample interval and history).
     */
    @SuppressWarnings("unchecked")
    StateFixture withLatencyTracking() throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateLatencyTrackOptions.LATENCY_TRACK_ENABLED, true);
        LatencyTrackingStateConfig config =
                LatencyTrackingStateConfig.newBuilder()
                        .configure(conf)
                        .setMetricGroup(new UnregisteredMetricsGroup())
                        .build();
        return new StateFixture(
                this,
                keyed,
                (ValueState<Long>) latencyTracked(value, descriptor(0), config),
                (ListState<Long>) latencyTracked(list, descriptor(1), config),
                (MapState<Long, Long>) latencyTracked(map, descriptor(2), config));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object latencyTracked(
            Object state, StateDescriptor<?, ?> descriptor, LatencyTrackingStateConfig config)
            throws Exception {
        return LatencyTrackingStateFactory.createStateAndWrapWithLatencyTrackingIfEnabled(
                (InternalKvState) state, (StateDescriptor) descriptor, config);
    }

    /** Starts this fixture's walk through the key order at {@code position}. */
    StateFixture startingAt(int position) {
        next = position % KEYS;
        return this;
    }

    @Override
    void putValue(long key) throws Exception {
        value.update(key);
    }

    @Override
    void putMapEntry(long userKey, long key) throws Exception {
        map.put(userKey, key);
    }

    /**
     * Adds {@code count} value states beside the fixture's own, each holding {@value
     * #EXTRA_STATE_KEYS} entries spread over all key groups and sampled at least once, so that a
     * backend holds as many states as a larger job's: per-state work that grows with the number of
     * states (the heap guard's) shows in the timed accesses to the fixture's own states.
     */
    void addStates(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            // Not through state(): compact() compacts the fixture's own three states only.
            ValueState<Long> extra =
                    keyed.getPartitionedState(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            new ValueStateDescriptor<>("extra-" + i, Types.LONG));
            for (long key = 0; key < EXTRA_STATE_KEYS; key++) {
                keyed.setCurrentKey(order[(int) key]);
                extra.update(key);
            }
        }
        compact();
    }

    /** Empties every key's list, so that appends after it go to short lists again. */
    void clearLists() {
        for (long key = 0; key < KEYS; key++) {
            keyed.setCurrentKey(key);
            list.clear();
        }
    }

    /** The next key in the fixed order, wrapping around. */
    long nextKey() {
        long key = order[next];
        next = next + 1 == KEYS ? 0 : next + 1;
        return key;
    }
}
