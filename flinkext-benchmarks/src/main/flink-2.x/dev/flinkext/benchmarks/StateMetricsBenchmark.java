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

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
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
 * Keyed state accesses on Flink 2.x in each {@link Mode}: Flink's backend as is, with its own size
 * tracking ({@code state.size-track.*}, one access in 100 and one in 2), with its own latency
 * tracking ({@code state.latency-track.*}), and the pack's instrumented backend; heap and RocksDB.
 * {@link StateMetricsRunner} runs every cell in one run, in rounds, and compares each mode with raw
 * in the same round.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Xmx2g"
        })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class StateMetricsBenchmark {

    @Param({"heap", "rocksdb"})
    public String backend;

    @Param({"RAW", "SIZE_TRACK", "SIZE_TRACK_INTERVAL_2", "LATENCY_TRACK", "INSTRUMENTED"})
    public Mode mode;

    private StateMetricsFixture state;

    /** The benchmark method's name, which is the operation. */
    static String operation(BenchmarkParams params) {
        String name = params.getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        state = new StateMetricsFixture(backend, mode, new UnregisteredMetricsGroup());
        state.prepareFor(operation(params));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        state.close();
    }

    @Benchmark
    public String valueGet() throws Exception {
        state.keyed.setCurrentKey(state.nextKey());
        return state.value.value();
    }

    @Benchmark
    public void valueUpdate() throws Exception {
        long key = state.nextKey();
        state.keyed.setCurrentKey(key);
        state.value.update(state.values[(int) key]);
    }

    @Benchmark
    public String mapGet() throws Exception {
        long key = state.nextKey();
        state.keyed.setCurrentKey(key);
        return state.map.get(key % StateMetricsFixture.USER_KEYS);
    }
}
