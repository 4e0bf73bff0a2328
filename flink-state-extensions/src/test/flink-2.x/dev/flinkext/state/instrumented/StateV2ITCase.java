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
package dev.flinkext.state.instrumented;

import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.v2.AggregatingState;
import org.apache.flink.api.common.state.v2.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.v2.ListState;
import org.apache.flink.api.common.state.v2.ListStateDescriptor;
import org.apache.flink.api.common.state.v2.MapState;
import org.apache.flink.api.common.state.v2.MapStateDescriptor;
import org.apache.flink.api.common.state.v2.ReducingState;
import org.apache.flink.api.common.state.v2.ReducingStateDescriptor;
import org.apache.flink.api.common.state.v2.StateFuture;
import org.apache.flink.api.common.state.v2.ValueState;
import org.apache.flink.api.common.state.v2.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.state.StateFutureUtils;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink 2.x only: a job on {@code keyBy(…).enableAsyncState()} uses the State V2 API (value, list,
 * map, reducing and aggregating states) on both instrumented backends, chosen by {@code
 * state.backend.type} alone. Flink serves V2 on them, as on its own heap and RocksDB backends,
 * through its {@code AsyncKeyedStateBackendAdaptor} over the keyed backend, which is the
 * instrumented one: the results are exact and the per-state metrics count every V2 access.
 */
class StateV2ITCase {

    private static final int PARALLELISM = 2;
    private static final long RECORDS = 2_000;
    private static final long KEYS = 20;
    private static final long DIGITS = 10;

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .build());

    /** The mean of the values added: the accumulator is {count, sum}. */
    static class Mean implements AggregateFunction<Long, long[], Double> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Long value, long[] acc) {
            return new long[] {acc[0] + 1, acc[1] + value};
        }

        @Override
        public Double getResult(long[] acc) {
            return acc[0] == 0 ? null : (double) acc[1] / acc[0];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    /**
     * Per record: reads and writes "count", adds to "seen", "sum" and "mean", puts into
     * "last-by-digit". At the last record of a key it reads the four others back once and emits
     * what the key's states hold.
     */
    static class TouchingV2 extends KeyedProcessFunction<Long, Long, String> {
        transient ValueState<Long> count;
        transient ListState<Long> seen;
        transient MapState<Long, Long> lastByDigit;
        transient ReducingState<Long> sum;
        transient AggregatingState<Long, Double> mean;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", Types.LONG));
            lastByDigit =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>(
                                            "last-by-digit", Types.LONG, Types.LONG));
            sum =
                    getRuntimeContext()
                            .getReducingState(
                                    new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
            mean =
                    getRuntimeContext()
                            .getAggregatingState(
                                    new AggregatingStateDescriptor<>(
                                            "mean",
                                            new Mean(),
                                            PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            StateFuture<Long> counted =
                    count.asyncValue()
                            .thenCompose(
                                    c -> {
                                        long next = c == null ? 1 : c + 1;
                                        return count.asyncUpdate(next).thenApply(done -> next);
                                    });
            StateFuture<Void> added = seen.asyncAdd(value);
            StateFuture<Void> put = lastByDigit.asyncPut(digit(value), value);
            StateFuture<Void> summed = sum.asyncAdd(value);
            StateFuture<Void> averaged = mean.asyncAdd(value);
            if (value < RECORDS - KEYS) {
                return;
            }
            long key = ctx.getCurrentKey();
            StateFuture<Iterable<Long>> list =
                    added.thenCompose(done -> StateFutureUtils.toIterable(seen.asyncGet()));
            StateFuture<Iterable<Map.Entry<Long, Long>>> map =
                    put.thenCompose(
                            done -> StateFutureUtils.toIterable(lastByDigit.asyncEntries()));
            StateFuture<Long> total = summed.thenCompose(done -> sum.asyncGet());
            StateFuture<Double> average = averaged.thenCompose(done -> mean.asyncGet());
            counted.thenCombine(list, (c, l) -> describe(key, c, l))
                    .thenCombine(map, (s, m) -> s + " digits=" + digits(m))
                    .thenCombine(total, (s, t) -> s + " sum=" + t)
                    .thenCombine(average, (s, a) -> s + " mean=" + a)
                    .thenAccept(out::collect);
        }

        private static String describe(long key, long count, Iterable<Long> seen) {
            List<Long> values = new ArrayList<>();
            seen.forEach(values::add);
            return "key=" + key + " count=" + count + " seen=" + values;
        }

        private static Map<Long, Long> digits(Iterable<Map.Entry<Long, Long>> entries) {
            Map<Long, Long> sorted = new TreeMap<>();
            entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }
    }

    /** The map key of a record: its position among its key's records, modulo {@link #DIGITS}. */
    static long digit(long value) {
        return value / KEYS % DIGITS;
    }

    /** What a key's states hold after all records, computed from the input alone. */
    private static String expected(long key) {
        long[] values = LongStream.range(0, RECORDS).filter(v -> v % KEYS == key).toArray();
        List<Long> seen = new ArrayList<>();
        Map<Long, Long> digits = new TreeMap<>();
        long sum = 0;
        for (long v : values) {
            seen.add(v);
            digits.put(digit(v), v);
            sum += v;
        }
        return "key="
                + key
                + " count="
                + values.length
                + " seen="
                + seen
                + " digits="
                + digits
                + " sum="
                + sum
                + " mean="
                + (double) sum / values.length;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void stateV2IsServedAndEveryAccessCounted(String backend) throws Exception {
        Configuration conf = new Configuration();
        conf.set(
                StateBackendOptions.STATE_BACKEND,
                backend.equals("rocksdb")
                        ? InstrumentedRocksDBStateBackendFactory.class.getName()
                        : InstrumentedHashMapStateBackendFactory.class.getName());
        conf.set(StateMetricOptions.SAMPLE_INTERVAL, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        var results =
                env.fromSequence(0, RECORDS - 1)
                        // One source subtask: every key's records arrive in order, the last last.
                        .setParallelism(1)
                        .keyBy(v -> v % KEYS, Types.LONG)
                        .enableAsyncState()
                        .process(new TouchingV2(), Types.STRING)
                        .name("touching-v2")
                        .collectAsync();
        JobClient client = env.executeAsync("state-v2-" + backend);
        JobID job = client.getJobID();
        TreeSet<String> actual = new TreeSet<>();
        try (CloseableIterator<String> it = results) {
            it.forEachRemaining(actual::add);
        }
        client.getJobExecutionResult().get();

        TreeSet<String> wanted = new TreeSet<>();
        LongStream.range(0, KEYS).forEach(k -> wanted.add(expected(k)));
        assertThat(actual).containsExactlyElementsOf(wanted);

        // One read and one write of "count" per record; one write of each other state per record,
        // and one read of each at the last record of every key. Summed over both subtasks.
        assertCounts(job, "count", RECORDS, RECORDS);
        // Sizes are measured under the record's key: a Long key is 8 bytes at every access.
        Map<String, Metric> keySizes =
                REPORTER.findMetrics(job, "\\.flinkext\\.state\\.count\\.keySizeBytes$");
        assertThat(keySizes).hasSize(PARALLELISM);
        for (Metric keySize : keySizes.values()) {
            assertThat(((Histogram) keySize).getStatistics().getMin()).isEqualTo(8);
            assertThat(((Histogram) keySize).getStatistics().getMax()).isEqualTo(8);
        }
        for (String state : List.of("seen", "last-by-digit", "sum", "mean")) {
            assertCounts(job, state, KEYS, RECORDS);
        }
    }

    private static void assertCounts(JobID job, String state, long reads, long writes) {
        String prefix = "\\.flinkext\\.state\\." + state.replace("-", "\\-") + "\\.";
        assertThat(sum(job, prefix + StateMetrics.READS + "$"))
                .as(state + " reads")
                .isEqualTo(reads);
        assertThat(sum(job, prefix + StateMetrics.WRITES + "$"))
                .as(state + " writes")
                .isEqualTo(writes);
        // Every access sampled (interval 1): the latency histogram saw each one.
        assertThat(sum(job, prefix + StateMetrics.LATENCY + "$"))
                .as(state + " sampled accesses")
                .isEqualTo(reads + writes);
    }

    /** The sum over subtasks of the counters (or histogram counts) matching the pattern. */
    private static long sum(JobID job, String pattern) {
        Map<String, Metric> found = REPORTER.findMetrics(job, pattern);
        assertThat(found).as(pattern).hasSize(PARALLELISM);
        long total = 0;
        for (Metric metric : found.values()) {
            total +=
                    metric instanceof Counter
                            ? ((Counter) metric).getCount()
                            : ((Histogram) metric).getCount();
        }
        return total;
    }
}
