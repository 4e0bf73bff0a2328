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

import dev.flinkext.state.instrumented.InstrumentedKeyedStateBackend;

import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the state benchmarks' fixtures share on both lines ({@link StateFixture} on 1.20, {@code
 * StateMetricsFixture} on 2.x): one keyed backend outside a job ({@link KeyedBackends}), the states
 * registered on it, and a fixed random order of its {@value #KEYS} keys, the same for every backend
 * and mode, so that modes access the same keys in the same sequence. Shaped like the state
 * benchmarks of {@code apache/flink-benchmarks}.
 */
abstract class KeyedStateFixture implements AutoCloseable {

    static final int KEYS = 100_000;

    /** User keys per map entry; map accesses use {@code key % USER_KEYS}. */
    static final int USER_KEYS = 10;

    final CheckpointableKeyedStateBackend<Long> keyed;

    /** The keys {@code 0 .. KEYS - 1} in a fixed random order. */
    final long[] order;

    private final List<StateDescriptor<?, ?>> descriptors;

    /** Null for a view, which owns nothing. */
    private final MockEnvironment env;

    /** A fixture with a keyed backend of its own, created from {@code backend}. */
    KeyedStateFixture(StateBackend backend, MetricGroup metrics) throws Exception {
        env = KeyedBackends.environment();
        keyed = KeyedBackends.create(backend, env, metrics);
        descriptors = new ArrayList<>();
        order = new long[KEYS];
        for (int i = 0; i < KEYS; i++) {
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

    /** A view of {@code of}'s entries through {@code keyed}, which {@code of} owns. */
    KeyedStateFixture(KeyedStateFixture of, CheckpointableKeyedStateBackend<Long> keyed) {
        this.keyed = keyed;
        this.env = null;
        this.order = of.order;
        this.descriptors = of.descriptors;
    }

    /** The fixture's state of {@code descriptor}, which {@link #compact()} compacts. */
    final <S extends State> S state(StateDescriptor<S, ?> descriptor) throws Exception {
        descriptors.add(descriptor);
        return keyed.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }

    /** The descriptor of the fixture's {@code index}-th state, in the order they were created. */
    final StateDescriptor<?, ?> descriptor(int index) {
        return descriptors.get(index);
    }

    /**
     * Fills what {@code operation} (a benchmark method name) reads or overwrites: a value per key
     * for the value operations, {@value #USER_KEYS} map entries per key for the map ones. Then
     * compacts.
     */
    void prepareFor(String operation) throws Exception {
        for (long key = 0; key < KEYS; key++) {
            keyed.setCurrentKey(key);
            if (operation.startsWith("value")) {
                putValue(key);
            } else if (operation.startsWith("map")) {
                for (long userKey = 0; userKey < USER_KEYS; userKey++) {
                    putMapEntry(userKey, key);
                }
            }
        }
        compact();
    }

    /** Writes the value state of the current key, {@code key}. */
    abstract void putValue(long key) throws Exception;

    /** Writes the map entry {@code userKey} of the current key, {@code key}. */
    abstract void putMapEntry(long userKey, long key) throws Exception;

    /**
     * Flushes and fully compacts a RocksDB backend's states, so that no flush or compaction left
     * over from filling them runs while they are measured.
     */
    void compact() throws Exception {
        KeyedStateBackend<Long> backend = keyed;
        if (backend instanceof InstrumentedKeyedStateBackend) {
            backend = ((InstrumentedKeyedStateBackend<Long>) backend).inner();
        }
        for (StateDescriptor<?, ?> descriptor : descriptors) {
            FlinkRocksDB.compact(backend, descriptor);
        }
    }

    /** Disposes the backend; a view leaves that to the fixture it was made from. */
    @Override
    public void close() throws Exception {
        if (env != null) {
            keyed.dispose();
            env.close();
        }
    }
}
