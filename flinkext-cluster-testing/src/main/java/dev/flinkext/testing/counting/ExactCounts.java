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
package dev.flinkext.testing.counting;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.tuple.Tuple2;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger of the tests' counting jobs, which count the numbers {@code 0..records-1} per key
 * ({@code number mod keys}) in keyed state and emit each key's running count: after a failure and a
 * restore, every key's last count is exactly {@code records / keys} only if the restored state and
 * the restored source position belong together. A record lost or counted twice shows as a wrong
 * count, which is how Flink's own exactly-once tests check a recovery.
 *
 * <p>The jobs end in {@link #report()}, which records each {@code (key, count)} under the run's
 * name in this JVM, so a test reads the counts of a job that ran on a MiniCluster in the same JVM.
 * The variations live in the jobs (which states count, on which backend); the checking lives here.
 */
@Internal
public final class ExactCounts {

    private static final Map<String, ExactCounts> RUNS = new ConcurrentHashMap<>();

    private final String run;
    private final long records;
    private final int keys;
    private final Map<Long, Long> last = new ConcurrentHashMap<>();
    private final Map<Long, Long> first = new ConcurrentHashMap<>();
    private final AtomicLong reported = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();

    private ExactCounts(String run, long records, int keys) {
        this.run = run;
        this.records = records;
        this.keys = keys;
    }

    /** A new, empty ledger for run {@code run} (one run name a test; it replaces any earlier). */
    public static ExactCounts start(String run, long records, int keys) {
        ExactCounts counts = new ExactCounts(run, records, keys);
        RUNS.put(run, counts);
        return counts;
    }

    /** The last map of a counting job: records what reaches it, in this run's ledger. */
    public MapFunction<Tuple2<Long, Long>, Tuple2<Long, Long>> report() {
        return new Report(run);
    }

    /** The next {@code times} records reaching {@link #report()} fail their task, one each. */
    public void injectFailures(int times) {
        failures.addAndGet(times);
    }

    /**
     * Records that reached {@link #report()} (since the run started; restored progress excluded).
     */
    public long reported() {
        return reported.get();
    }

    /** Keys whose last count is not exactly records / keys, with their counts (0: never seen). */
    public Map<Long, Long> wrongCounts() {
        Map<Long, Long> wrong = new TreeMap<>();
        long expected = records / keys;
        for (long key = 0; key < keys; key++) {
            long count = last.getOrDefault(key, 0L);
            if (count != expected) {
                wrong.put(key, count);
            }
        }
        return wrong;
    }

    /**
     * The smallest count any key had when it first reached {@link #report()}: restored progress.
     */
    public long smallestFirstCount() {
        return first.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private void record(Tuple2<Long, Long> keyAndCount) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("A failure injected into run " + run);
        }
        reported.incrementAndGet();
        last.merge(keyAndCount.f0, keyAndCount.f1, Math::max);
        first.putIfAbsent(keyAndCount.f0, keyAndCount.f1);
    }

    /** Serializable: holds the run's name and finds its ledger in the task's JVM. */
    private static final class Report
            implements MapFunction<Tuple2<Long, Long>, Tuple2<Long, Long>> {
        private final String run;

        Report(String run) {
            this.run = run;
        }

        @Override
        public Tuple2<Long, Long> map(Tuple2<Long, Long> value) {
            ExactCounts counts = RUNS.get(run);
            if (counts == null) {
                throw new IllegalStateException(
                        "No ledger for run "
                                + run
                                + ": ExactCounts records in the JVM that started the run (a"
                                + " MiniCluster's), not in a separate TaskManager");
            }
            counts.record(value);
            return value;
        }
    }
}
