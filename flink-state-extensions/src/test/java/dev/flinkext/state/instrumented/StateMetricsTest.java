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

import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackend;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackend;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateLatencyTrackOptions;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.runtime.state.ConfigurableStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The per-state metrics are right: counts exact, sampled sizes exact for fixed-size types, entry
 * estimates exact on the heap backend, on both backends and with TTL on top.
 */
class StateMetricsTest {

    private static final int RECORDS = 1_000;

    /** Per record: one read and one write of a value, one list append, one map put. */
    static class Touching extends KeyedProcessFunction<Long, Long, Long> {
        private final boolean ttl;
        transient ValueState<Long> count;
        transient ListState<Long> seen;
        transient MapState<Long, String> names;

        Touching(boolean ttl) {
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext openContext) {
            ValueStateDescriptor<Long> countDescriptor =
                    new ValueStateDescriptor<>("count", Types.LONG);
            if (ttl) {
                countDescriptor.enableTimeToLive(
                        StateTtlConfig.newBuilder(Duration.ofHours(1)).build());
            }
            count = getRuntimeContext().getState(countDescriptor);
            seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", Types.LONG));
            names =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>("names", Types.LONG, Types.STRING));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long current = count.value();
            count.update(current == null ? 1 : current + 1);
            seen.add(value);
            names.put(value, "n" + (value % 10));
        }
    }

    private static StateBackend backend(String name, int sampleInterval) {
        return name.equals("rocksdb")
                ? new InstrumentedRocksDBStateBackend().setSampleInterval(sampleInterval)
                : new InstrumentedHashMapStateBackend().setSampleInterval(sampleInterval);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void countsEveryAccessAndSamplesOneInN(String backendName) throws Exception {
        var harness = StateMetricsHarness.open(new Touching(false), backend(backendName, 10));
        for (long v = 0; v < RECORDS; v++) {
            harness.processElement(v, v);
        }
        Map<String, StateMetrics> metrics = StateMetricsHarness.metrics(harness);

        StateMetrics count = metrics.get("count");
        assertThat(count.reads()).isEqualTo(RECORDS);
        assertThat(count.writes()).isEqualTo(RECORDS);
        // 2,000 accesses, one in ten timed.
        assertThat(count.latency().getCount()).isEqualTo(2 * RECORDS / 10);
        // Long keys and Long values serialize to 8 bytes each.
        assertThat(count.keySize().getStatistics().getMean()).isEqualTo(8.0);
        assertThat(count.valueSize().getStatistics().getMin()).isEqualTo(8);
        assertThat(count.valueSize().getStatistics().getMax()).isEqualTo(8);

        assertThat(metrics.get("seen").writes()).isEqualTo(RECORDS);
        assertThat(metrics.get("seen").reads()).isZero();
        assertThat(metrics.get("seen").valueSize().getStatistics().getMean()).isEqualTo(8.0);
        StateMetrics names = metrics.get("names");
        assertThat(names.writes()).isEqualTo(RECORDS);
        // The key of a map access is the record key plus the user key: 8 + 8 bytes.
        assertThat(names.keySize().getStatistics().getMean()).isEqualTo(16.0);
        // "n0" .. "n9": a length byte and two characters.
        assertThat(names.valueSize().getStatistics().getMean()).isEqualTo(3.0);
        harness.close();
    }

    @ParameterizedTest(name = "sample interval {0}")
    @ValueSource(ints = {1, 7})
    void heapEntryEstimatesAreExactForFixedSizeState(int sampleInterval) throws Exception {
        var harness =
                StateMetricsHarness.open(new Touching(false), backend("hashmap", sampleInterval));
        for (long v = 0; v < RECORDS; v++) {
            harness.processElement(v, v);
        }
        StateMetrics count = StateMetricsHarness.metrics(harness).get("count");
        // 1,000 records over 100 keys (v % 100).
        assertThat(count.estimatedEntries()).isEqualTo(100);
        // Each entry: an 8-byte key and an 8-byte count.
        assertThat(count.estimatedSizeBytes()).isEqualTo(100 * 16);

        StateMetrics seen = StateMetricsHarness.metrics(harness).get("seen");
        assertThat(seen.estimatedEntries()).isEqualTo(100);
        // A whole list of up to 10 longs: 8-byte key + list of n elements (n * 8 bytes + framing).
        double perEntry = seen.estimatedSizeBytes() / 100.0;
        assertThat(perEntry).isCloseTo(8 + 10 * 8, within(0.25 * (8 + 10 * 8)));
        harness.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void composesWithFlinksLatencyTracking(String backendName) throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateLatencyTrackOptions.LATENCY_TRACK_ENABLED, true);
        conf.set(StateLatencyTrackOptions.LATENCY_TRACK_SAMPLE_INTERVAL, 1);
        StateBackend configured =
                ((ConfigurableStateBackend) backend(backendName, 1))
                        .configure(conf, getClass().getClassLoader());
        Touching function = new Touching(false);
        var harness = StateMetricsHarness.open(function, configured);
        try {
            for (long v = 0; v < RECORDS; v++) {
                harness.processElement(v, v);
            }
            // Flink's wrapper is on top and ours below it: both see every access. Its class
            // differs per Flink line (FlinkTrackingState).
            assertThat(function.count.getClass().getName())
                    .isEqualTo(FlinkTrackingState.VALUE_STATE_CLASS);
            StateMetrics count = StateMetricsHarness.metrics(harness).get("count");
            assertThat(count.reads()).isEqualTo(RECORDS);
            assertThat(count.latency().getCount()).isEqualTo(2 * RECORDS);
        } finally {
            // The heap guard is JVM-wide: an unclosed harness would leave its states in it.
            harness.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void composesWithTtl(String backendName) throws Exception {
        var harness = StateMetricsHarness.open(new Touching(true), backend(backendName, 1));
        for (long v = 0; v < RECORDS; v++) {
            harness.processElement(v, v);
        }
        StateMetrics count = StateMetricsHarness.metrics(harness).get("count");
        assertThat(count.reads()).isEqualTo(RECORDS);
        assertThat(count.writes()).isEqualTo(RECORDS);
        // TTL stores the value with its timestamp: 8 bytes more, and the user sees plain counts.
        assertThat(count.valueSize().getStatistics().getMin()).isEqualTo(16);
        harness.close();
    }

    /**
     * The latency of a sampled access covers the state access alone: serializing the key and value
     * to measure their sizes happens after the clock stopped. The heap backend never serializes on
     * access, so with a value serializer that takes {@link SlowLongSerializer#DELAY_MS} per value,
     * every sampled latency must stay well below that delay.
     */
    @Test
    void latencyExcludesTheSerializationThatMeasuresSizes() throws Exception {
        var harness = StateMetricsHarness.open(new SlowValue(), backend("hashmap", 1));
        // Five records of one key (the harness keys by v % 100).
        for (long v = 0; v < 500; v += 100) {
            harness.processElement(v, v);
        }
        StateMetrics slow = StateMetricsHarness.metrics(harness).get("slow");
        // One read and one write per record, every one sampled; every value but the first read
        // (still empty) measured.
        assertThat(slow.latency().getCount()).isEqualTo(10);
        assertThat(slow.valueSize().getCount()).isEqualTo(9);
        assertThat(slow.valueSize().getStatistics().getMax()).isEqualTo(8);
        assertThat(slow.latency().getStatistics().getMax())
                .isLessThan(SlowLongSerializer.DELAY_MS * 1_000_000L / 2);
        harness.close();
    }

    /** Reads and writes one value per record, with a value serializer that is slow. */
    static class SlowValue extends KeyedProcessFunction<Long, Long, Long> {
        transient ValueState<Long> value;

        @Override
        public void open(OpenContext openContext) {
            value =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("slow", new SlowLongSerializer()));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Long> out) throws Exception {
            Long current = value.value();
            value.update(current == null ? v : current + v);
        }
    }

    /** Serializes a long like Flink's own serializer, after a fixed delay. */
    static final class SlowLongSerializer extends TypeSerializerSingleton<Long> {
        static final long DELAY_MS = 40;

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public Long createInstance() {
            return 0L;
        }

        @Override
        public Long copy(Long from) {
            return from;
        }

        @Override
        public Long copy(Long from, Long reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return 8;
        }

        @Override
        public void serialize(Long record, DataOutputView target) throws IOException {
            try {
                Thread.sleep(DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            target.writeLong(record);
        }

        @Override
        public Long deserialize(DataInputView source) throws IOException {
            return source.readLong();
        }

        @Override
        public Long deserialize(Long reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            target.writeLong(source.readLong());
        }

        @Override
        public TypeSerializerSnapshot<Long> snapshotConfiguration() {
            return new SlowLongSerializerSnapshot();
        }
    }

    /** The snapshot of {@link SlowLongSerializer}. */
    public static final class SlowLongSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<Long> {
        public SlowLongSerializerSnapshot() {
            super(SlowLongSerializer::new);
        }
    }
}
