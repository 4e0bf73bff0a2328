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

import dev.flinkext.benchmarks.KeyedBackends.Mode;

import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One fork of the interleaved time measurement, for one operation on one backend: the same stored
 * entries accessed raw (Flink's own states), through the pack's instrumented states, and through
 * Flink's latency tracking, in batches of a fixed number of accesses that take turns. One batch per
 * mode makes a round, and each round starts one mode later than the one before.
 *
 * <p>All three modes are views of one instrumented backend ({@link StateFixture#unwrapped()},
 * {@link StateFixture#withLatencyTracking()}), so they read and write the very same entries:
 * separate backends, even filled alike, were measured up to 10% apart (heap: where their objects
 * landed; RocksDB: now and then a backend that read a hundred times slower), more than the cost
 * being measured. Each mode walks the key order from its own third of it, so that no batch finds
 * its keys in the cache because another mode just touched them.
 *
 * <p>Batches last a fraction of a millisecond (heap) to a few milliseconds (RocksDB), so that the
 * load of whatever else runs on the machine falls on all modes alike; a batch that was preempted or
 * hit a GC pause is an outlier of its round, and a mode's ratio in this fork is the median over
 * rounds of its batch time over the raw batch time of the same round.
 *
 * <p>Each mode runs its own copy of the operation's loop, so that each call site into a state sees
 * one state class only, as a job's code does: one shared loop would make every call site
 * megamorphic and measure dispatch instead. A batch is a multiple of the sample interval (100), so
 * every batch of an instrumented or latency-tracking state holds the same number of sampled
 * accesses.
 *
 * <p>Prints one line, {@code RESULT key=value …}, that {@code StateCostRunner time} reads.
 */
final class InterleavedStateAccess {

    /** The modes that take turns, in the order of the views. */
    static final Mode[] MODES = {Mode.RAW, Mode.INSTRUMENTED, Mode.LATENCY_TRACKING};

    /** Lists are emptied (outside the timed batches) after this many appends in all. */
    private static final long APPENDS_BEFORE_CLEAR = 4L * StateFixture.KEYS;

    /** A batch of {@code n} accesses to one fixture; returns a sum the JIT cannot discard. */
    @FunctionalInterface
    interface Batch {
        long run(StateFixture state, int n) throws Exception;
    }

    private InterleavedStateAccess() {}

    /**
     * {@code backend operation warmupMillis measureMillis batch extraStates [key=value …]}: {@code
     * extraStates} value states are {@linkplain StateFixture#addStates added} beside the fixture's
     * three, the pairs are settings of the instrumented backend (e.g. {@code
     * flinkext.state.metrics.sample-interval}).
     */
    public static void main(String[] args) throws Exception {
        String backend = args[0];
        String operation = args[1];
        Duration warmup = Duration.ofMillis(Long.parseLong(args[2]));
        Duration measurement = Duration.ofMillis(Long.parseLong(args[3]));
        int batch = Integer.parseInt(args[4]);
        int extraStates = Integer.parseInt(args[5]);
        Map<String, String> settings = new HashMap<>();
        for (String pair : Arrays.asList(args).subList(6, args.length)) {
            int eq = pair.indexOf('=');
            settings.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        StateFixture instrumented =
                new StateFixture(backend, Mode.INSTRUMENTED, Configuration.fromMap(settings));
        instrumented.addStates(extraStates);
        instrumented.prepareFor(operation);
        StateFixture raw = instrumented.unwrapped();
        StateFixture[] views = {raw, instrumented, raw.withLatencyTracking()};
        for (int m = 0; m < views.length; m++) {
            views[m].startingAt(m * StateFixture.KEYS / views.length);
        }
        Batch[] loops = loops(operation);
        Timings timings = new Timings(views.length);
        long sink = run(operation, views, loops, batch, warmup, null);
        sink += run(operation, views, loops, batch, measurement, timings);
        instrumented.close();
        StringBuilder line = new StringBuilder("RESULT");
        line.append(" rounds=").append(timings.rounds);
        for (int m = 0; m < views.length; m++) {
            line.append(
                    String.format(
                            Locale.ROOT,
                            " ns.%s=%.2f p10.%1$s=%.2f p90.%1$s=%.2f",
                            MODES[m],
                            timings.percentileNanos(m, 0.5) / batch,
                            timings.percentileNanos(m, 0.1) / batch,
                            timings.percentileNanos(m, 0.9) / batch));
        }
        for (int m = 1; m < views.length; m++) {
            line.append(
                    String.format(Locale.ROOT, " ratio.%s=%.5f", MODES[m], timings.medianRatio(m)));
        }
        System.out.println(line.append(" checksum=").append(sink));
    }

    /** Runs rounds of batches for {@code duration}, recording into {@code timings} if given. */
    private static long run(
            String operation,
            StateFixture[] views,
            Batch[] loops,
            int batch,
            Duration duration,
            Timings timings)
            throws Exception {
        int modes = views.length;
        long sink = 0;
        long appends = 0;
        long[] nanos = new long[modes];
        long end = System.nanoTime() + duration.toNanos();
        for (int round = 0; System.nanoTime() < end; round++) {
            for (int turn = 0; turn < modes; turn++) {
                int m = (round + turn) % modes;
                long start = System.nanoTime();
                sink += loops[m].run(views[m], batch);
                nanos[m] = System.nanoTime() - start;
            }
            if (timings != null) {
                timings.add(nanos);
            }
            appends += (long) batch * modes;
            if (operation.equals("listAdd") && appends >= APPENDS_BEFORE_CLEAR) {
                // Through Flink's own states: the clearing is neither timed nor counted.
                views[0].clearLists();
                appends = 0;
            }
        }
        return sink;
    }

    /** The batch times of every measured round, per mode. */
    static final class Timings {
        private final long[][] nanos;
        private int rounds;

        Timings(int modes) {
            nanos = new long[modes][1024];
        }

        void add(long[] round) {
            if (rounds == nanos[0].length) {
                for (int m = 0; m < nanos.length; m++) {
                    nanos[m] = Arrays.copyOf(nanos[m], rounds * 2);
                }
            }
            for (int m = 0; m < nanos.length; m++) {
                nanos[m][rounds] = round[m];
            }
            rounds++;
        }

        /** Median over rounds of the mode's batch time over the raw batch time. */
        double medianRatio(int mode) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = (double) nanos[mode][r] / nanos[0][r];
            }
            return Ratios.median(ratios);
        }

        /** A percentile of the mode's batch times ({@code 0.5}: the median). */
        double percentileNanos(int mode, double fraction) {
            long[] sorted = Arrays.copyOf(nanos[mode], rounds);
            Arrays.sort(sorted);
            return sorted[(int) Math.min(rounds - 1, Math.floor(fraction * rounds))];
        }
    }

    /**
     * The loops of {@code operation}, one per mode: identical copies, so that each mode's accesses
     * run through call sites of their own.
     */
    static Batch[] loops(String operation) {
        switch (operation) {
            case "valueGet":
                return new Batch[] {
                    InterleavedStateAccess::valueGetRaw,
                    InterleavedStateAccess::valueGetInstrumented,
                    InterleavedStateAccess::valueGetLatencyTracking
                };
            case "valueUpdate":
                return new Batch[] {
                    InterleavedStateAccess::valueUpdateRaw,
                    InterleavedStateAccess::valueUpdateInstrumented,
                    InterleavedStateAccess::valueUpdateLatencyTracking
                };
            case "listAdd":
                return new Batch[] {
                    InterleavedStateAccess::listAddRaw,
                    InterleavedStateAccess::listAddInstrumented,
                    InterleavedStateAccess::listAddLatencyTracking
                };
            case "mapPut":
                return new Batch[] {
                    InterleavedStateAccess::mapPutRaw,
                    InterleavedStateAccess::mapPutInstrumented,
                    InterleavedStateAccess::mapPutLatencyTracking
                };
            case "mapGet":
                return new Batch[] {
                    InterleavedStateAccess::mapGetRaw,
                    InterleavedStateAccess::mapGetInstrumented,
                    InterleavedStateAccess::mapGetLatencyTracking
                };
            default:
                throw new IllegalArgumentException("Unknown operation: " + operation);
        }
    }

    private static long valueGetRaw(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            s.keyed.setCurrentKey(s.nextKey());
            sum += s.value.value();
        }
        return sum;
    }

    private static long valueGetInstrumented(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            s.keyed.setCurrentKey(s.nextKey());
            sum += s.value.value();
        }
        return sum;
    }

    private static long valueGetLatencyTracking(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            s.keyed.setCurrentKey(s.nextKey());
            sum += s.value.value();
        }
        return sum;
    }

    private static long valueUpdateRaw(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.value.update(key);
            sum += key;
        }
        return sum;
    }

    private static long valueUpdateInstrumented(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.value.update(key);
            sum += key;
        }
        return sum;
    }

    private static long valueUpdateLatencyTracking(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.value.update(key);
            sum += key;
        }
        return sum;
    }

    private static long listAddRaw(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.list.add(key);
            sum += key;
        }
        return sum;
    }

    private static long listAddInstrumented(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.list.add(key);
            sum += key;
        }
        return sum;
    }

    private static long listAddLatencyTracking(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.list.add(key);
            sum += key;
        }
        return sum;
    }

    private static long mapPutRaw(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.map.put(key % StateFixture.USER_KEYS, key);
            sum += key;
        }
        return sum;
    }

    private static long mapPutInstrumented(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.map.put(key % StateFixture.USER_KEYS, key);
            sum += key;
        }
        return sum;
    }

    private static long mapPutLatencyTracking(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            s.map.put(key % StateFixture.USER_KEYS, key);
            sum += key;
        }
        return sum;
    }

    private static long mapGetRaw(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            sum += s.map.get(key % StateFixture.USER_KEYS);
        }
        return sum;
    }

    private static long mapGetInstrumented(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            sum += s.map.get(key % StateFixture.USER_KEYS);
        }
        return sum;
    }

    private static long mapGetLatencyTracking(StateFixture s, int n) throws Exception {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long key = s.nextKey();
            s.keyed.setCurrentKey(key);
            sum += s.map.get(key % StateFixture.USER_KEYS);
        }
        return sum;
    }
}
