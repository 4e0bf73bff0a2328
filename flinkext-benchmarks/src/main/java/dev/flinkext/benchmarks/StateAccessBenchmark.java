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

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The cost of the pack's per-state metrics: the same state accesses on Flink's backend as is, on
 * the instrumented backend with default settings, and on Flink's backend with its own latency
 * tracking ({@code state.latency-track.keyed-state-enabled}), heap and RocksDB, in one run. Shaped
 * like the state benchmarks of {@code apache/flink-benchmarks}: 100,000 keys, accessed in a fixed
 * random order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Xmx4g"
        })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StateAccessBenchmark {

    static final int KEYS = 100_000;

    @Param({"heap", "rocksdb"})
    public String backend;

    @Param({"RAW", "INSTRUMENTED", "LATENCY_TRACKING"})
    public KeyedBackends.Mode mode;

    private MockEnvironment env;
    private CheckpointableKeyedStateBackend<Long> keyed;
    private ValueState<Long> value;
    private ListState<Long> list;
    private MapState<Long, Long> map;
    private long[] order;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        env = KeyedBackends.environment();
        keyed = KeyedBackends.create(KeyedBackends.backend(backend, mode), env);
        value =
                keyed.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>("value", Types.LONG));
        list =
                keyed.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ListStateDescriptor<>("list", Types.LONG));
        map =
                keyed.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>("map", Types.LONG, Types.LONG));
        order = new long[KEYS];
        Random random = new Random(42);
        for (int i = 0; i < KEYS; i++) {
            order[i] = i;
        }
        for (int i = KEYS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        for (long key = 0; key < KEYS; key++) {
            keyed.setCurrentKey(key);
            value.update(key);
            for (long userKey = 0; userKey < 10; userKey++) {
                map.put(userKey, key);
            }
        }
    }

    /** Lists are emptied after each iteration, so that every iteration appends to short lists. */
    @TearDown(Level.Iteration)
    public void clearLists() throws Exception {
        for (long key = 0; key < KEYS; key++) {
            keyed.setCurrentKey(key);
            list.clear();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        keyed.dispose();
        env.close();
    }

    private long nextKey() {
        long key = order[next];
        next = next + 1 == KEYS ? 0 : next + 1;
        keyed.setCurrentKey(key);
        return key;
    }

    @Benchmark
    public Long valueGet() throws Exception {
        nextKey();
        return value.value();
    }

    @Benchmark
    public void valueUpdate() throws Exception {
        value.update(nextKey());
    }

    @Benchmark
    public void listAdd() throws Exception {
        list.add(nextKey());
    }

    @Benchmark
    public void mapPut() throws Exception {
        long key = nextKey();
        map.put(key % 10, key);
    }

    @Benchmark
    public Long mapGet() throws Exception {
        long key = nextKey();
        return map.get(key % 10);
    }
}
