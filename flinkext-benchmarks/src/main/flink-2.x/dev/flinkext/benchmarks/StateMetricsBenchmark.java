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
import dev.flinkext.benchmarks.StateMetricsFixture.View;

import org.apache.flink.annotation.Internal;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Flink 2.x only (it measures Flink's {@code state.size-track.*}, from 2.1): keyed state accesses
 * through every {@link Mode} in one JVM: Flink's backend as is, with its own size tracking ({@code
 * state.size-track.*}, one access in 100 and one in 2), with its own latency tracking ({@code
 * state.latency-track.*}), and the pack's instrumented backend; heap and RocksDB, one fork per
 * operation and backend.
 *
 * <p>The modes are views of one backend's entries ({@link StateMetricsFixture#views()}), and they
 * take turns: one JMH invocation is a round of one batch of {@link #batch} accesses per mode, in an
 * order shuffled for each round. A batch is short (a millisecond or less; {@link
 * StateMetricsRunner} gives RocksDB a tenth of the heap's batch), so the load of whatever else runs
 * on the machine falls on all modes alike, and a fork's ratio for a mode is the median over its
 * measured rounds of the mode's batch time over the raw batch time of the same round: a preempted
 * batch or a GC pause is an outlier of its round. This is the 1.20 line's {@code
 * InterleavedStateAccess} method (which rotates the order instead), run by JMH. JMH's own score
 * (time per round) is not what is compared.
 *
 * <p>Each batch's allocated bytes are read from the thread's allocation counter ({@code
 * com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}), so the bytes per access of
 * every mode are counted over exactly the same accesses.
 *
 * <p>Each mode runs its own copy of the operation's loop, so that each call site sees one state
 * class, as a job's code does. A batch is a multiple of both sample intervals, so every batch of a
 * sampling mode holds the same number of sampled accesses.
 *
 * <p>At the end of a fork one line, {@code operation backend key=value …}, is appended to the file
 * named by the system property {@value #RESULTS} (and printed), which {@link StateMetricsRunner}
 * reads.
 */
@Internal
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
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
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class StateMetricsBenchmark {

    /** System property: the file each fork appends its result line to. */
    static final String RESULTS = "flinkext.bench.results";

    static final Mode[] MODES = Mode.values();

    @Param({"heap", "rocksdb"})
    public String backend;

    @Param({"valueGet", "valueUpdate", "mapGet"})
    public String operation;

    /** Accesses per batch: a multiple of both sample intervals (100 and 2). */
    @Param({"1000"})
    public int batch;

    private StateMetricsFixture fixture;
    private View[] views;
    private Batch[] loops;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final long[] nanos = new long[MODES.length];
    private final long[] bytes = new long[MODES.length];
    private long[][] roundNanos = new long[MODES.length][4096];
    private final long[] totalBytes = new long[MODES.length];
    private final int[] turns = new int[MODES.length];
    private final SplittableRandom random = new SplittableRandom(42);
    private int rounds;
    private boolean measuring;

    /** A batch of {@code n} accesses through one view; returns a sum the JIT cannot discard. */
    @FunctionalInterface
    interface Batch {
        long run(View view, int n) throws Exception;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (batch % 100 != 0) {
            throw new IllegalArgumentException(
                    "batch must be a multiple of 100 (both sample intervals), not " + batch);
        }
        fixture =
                new StateMetricsFixture(backend, Mode.INSTRUMENTED, new UnregisteredMetricsGroup());
        fixture.prepareFor(operation);
        views = fixture.views();
        loops = loops(operation);
        for (int m = 0; m < turns.length; m++) {
            turns[m] = m;
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
    }

    /**
     * One round: a batch per mode, in an order shuffled anew for each round, so that every mode
     * runs first, last, and after every other mode alike (a fixed rotation would give each mode the
     * same predecessor in every round, and with it the same cache state left behind).
     */
    @Benchmark
    public long round() throws Exception {
        long sink = 0;
        int modes = views.length;
        for (int i = modes - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = turns[i];
            turns[i] = turns[j];
            turns[j] = swap;
        }
        for (int m : turns) {
            long startBytes = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            sink += loops[m].run(views[m], batch);
            nanos[m] = System.nanoTime() - start;
            bytes[m] = threads.getCurrentThreadAllocatedBytes() - startBytes;
        }
        if (measuring) {
            if (rounds == roundNanos[0].length) {
                for (int m = 0; m < modes; m++) {
                    roundNanos[m] = Arrays.copyOf(roundNanos[m], rounds * 2);
                }
            }
            for (int m = 0; m < modes; m++) {
                roundNanos[m][rounds] = nanos[m];
                totalBytes[m] += bytes[m];
            }
            rounds++;
        }
        return sink;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        fixture.close();
        StringBuilder line = new StringBuilder(operation + " " + backend);
        line.append(" rounds=").append(rounds);
        for (int m = 0; m < MODES.length; m++) {
            line.append(
                    String.format(
                            Locale.ROOT,
                            " ns.%s=%.2f bytes.%1$s=%.4f",
                            MODES[m],
                            Ratios.median(perAccess(roundNanos[m])),
                            (double) totalBytes[m] / ((long) rounds * batch)));
            if (m > 0) {
                double[] ratios = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratios[r] = (double) roundNanos[m][r] / roundNanos[0][r];
                }
                line.append(
                        String.format(
                                Locale.ROOT, " ratio.%s=%.5f", MODES[m], Ratios.median(ratios)));
            }
        }
        System.out.println(line);
        String results = System.getProperty(RESULTS);
        if (results != null) {
            append(Path.of(results), line.toString());
        }
    }

    private double[] perAccess(long[] batchNanos) {
        double[] perAccess = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            perAccess[r] = (double) batchNanos[r] / batch;
        }
        return perAccess;
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(
                file,
                line + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * The loops of {@code operation}, one per mode in the order of {@link Mode}: identical copies,
     * so that each mode's accesses run through call sites of their own.
     */
    static Batch[] loops(String operation) {
        switch (operation) {
            case "valueGet":
                return new Batch[] {
                    StateMetricsBenchmark::valueGet0,
                    StateMetricsBenchmark::valueGet1,
                    StateMetricsBenchmark::valueGet2,
                    StateMetricsBenchmark::valueGet3,
                    StateMetricsBenchmark::valueGet4
                };
            case "valueUpdate":
                return new Batch[] {
                    StateMetricsBenchmark::valueUpdate0,
                    StateMetricsBenchmark::valueUpdate1,
                    StateMetricsBenchmark::valueUpdate2,
                    StateMetricsBenchmark::valueUpdate3,
                    StateMetricsBenchmark::valueUpdate4
                };
            case "mapGet":
                return new Batch[] {
                    StateMetricsBenchmark::mapGet0,
                    StateMetricsBenchmark::mapGet1,
                    StateMetricsBenchmark::mapGet2,
                    StateMetricsBenchmark::mapGet3,
                    StateMetricsBenchmark::mapGet4
                };
            default:
                throw new IllegalArgumentException(
                        "Unknown operation '"
                                + operation
                                + "': use valueGet, valueUpdate or mapGet.");
        }
    }

    private static long valueGet0(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            v.keyed.setCurrentKey(v.nextKey());
            sum += v.value.value().length();
        }
        return sum;
    }

    private static long valueGet1(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            v.keyed.setCurrentKey(v.nextKey());
            sum += v.value.value().length();
        }
        return sum;
    }

    private static long valueGet2(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            v.keyed.setCurrentKey(v.nextKey());
            sum += v.value.value().length();
        }
        return sum;
    }

    private static long valueGet3(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            v.keyed.setCurrentKey(v.nextKey());
            sum += v.value.value().length();
        }
        return sum;
    }

    private static long valueGet4(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            v.keyed.setCurrentKey(v.nextKey());
            sum += v.value.value().length();
        }
        return sum;
    }

    private static long valueUpdate0(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            v.value.update(v.values[(int) key]);
            sum += key;
        }
        return sum;
    }

    private static long valueUpdate1(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            v.value.update(v.values[(int) key]);
            sum += key;
        }
        return sum;
    }

    private static long valueUpdate2(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            v.value.update(v.values[(int) key]);
            sum += key;
        }
        return sum;
    }

    private static long valueUpdate3(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            v.value.update(v.values[(int) key]);
            sum += key;
        }
        return sum;
    }

    private static long valueUpdate4(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            v.value.update(v.values[(int) key]);
            sum += key;
        }
        return sum;
    }

    private static long mapGet0(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            sum += v.map.get(key % StateMetricsFixture.USER_KEYS).length();
        }
        return sum;
    }

    private static long mapGet1(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            sum += v.map.get(key % StateMetricsFixture.USER_KEYS).length();
        }
        return sum;
    }

    private static long mapGet2(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            sum += v.map.get(key % StateMetricsFixture.USER_KEYS).length();
        }
        return sum;
    }

    private static long mapGet3(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            sum += v.map.get(key % StateMetricsFixture.USER_KEYS).length();
        }
        return sum;
    }

    private static long mapGet4(View v, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = v.nextKey();
            v.keyed.setCurrentKey(key);
            sum += v.map.get(key % StateMetricsFixture.USER_KEYS).length();
        }
        return sum;
    }
}
