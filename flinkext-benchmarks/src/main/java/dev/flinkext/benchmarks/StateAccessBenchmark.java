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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.concurrent.TimeUnit;

/**
 * The state accesses whose cost the per-state metrics add to, one mode per fork: Flink's backend as
 * is, the instrumented backend with default settings, the instrumented backend with no access ever
 * sampled, and Flink's backend with its own latency tracking ({@code
 * state.latency-track.keyed-state-enabled}), heap and RocksDB. Run with {@code -prof gc} for the
 * bytes allocated per access ({@code StateCostRunner allocation}, which runs iterations of a fixed
 * number of accesses, so that every mode does exactly the same accesses); for time, {@link
 * InterleavedStateAccess} compares the modes within each fork.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Xmx4g"
        })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class StateAccessBenchmark {

    @Param({"heap", "rocksdb"})
    public String backend;

    @Param({"RAW", "INSTRUMENTED", "INSTRUMENTED_UNSAMPLED", "LATENCY_TRACKING"})
    public KeyedBackends.Mode mode;

    static final long APPENDS_BEFORE_CLEAR = 100L * StateFixture.KEYS;

    private StateFixture state;
    private long appends;

    /** The benchmark method's name, which is the operation. */
    static String operation(BenchmarkParams params) {
        String name = params.getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        state = new StateFixture(backend, mode);
        state.prepareFor(operation(params));
    }

    /**
     * Lists are emptied between iterations once they hold about {@value #APPENDS_BEFORE_CLEAR}
     * elements in all, so that they stay short in long timed runs. The allocation runs ({@code
     * StateCostRunner allocation}: fixed iterations of 400,000 accesses) never reach that, so every
     * mode appends to lists of exactly the same lengths and no clearing falls into a measured
     * iteration.
     */
    @TearDown(Level.Iteration)
    public void clearLists() {
        if (appends >= APPENDS_BEFORE_CLEAR) {
            state.clearLists();
            appends = 0;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        state.close();
    }

    private long nextKey() {
        long key = state.nextKey();
        state.keyed.setCurrentKey(key);
        return key;
    }

    @Benchmark
    public Long valueGet() throws Exception {
        nextKey();
        return state.value.value();
    }

    @Benchmark
    public void valueUpdate() throws Exception {
        state.value.update(nextKey());
    }

    @Benchmark
    public void listAdd() throws Exception {
        state.list.add(nextKey());
        appends++;
    }

    @Benchmark
    public void mapPut() throws Exception {
        long key = nextKey();
        state.map.put(key % StateFixture.USER_KEYS, key);
    }

    @Benchmark
    public Long mapGet() throws Exception {
        long key = nextKey();
        return state.map.get(key % StateFixture.USER_KEYS);
    }
}
