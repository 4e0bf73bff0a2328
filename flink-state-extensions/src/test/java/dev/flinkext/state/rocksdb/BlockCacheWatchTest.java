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
package dev.flinkext.state.rocksdb;

import dev.flinkext.state.instrumented.InstrumentedKeyedStateBackend;
import dev.flinkext.state.instrumented.StateMetricOptions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The block cache watch on a real RocksDB backend in Flink's operator test harness, forced into the
 * crawl: 3 MiB of fixed memory per slot give a shared block cache of 2.5 MiB in 4 shards of 640
 * KiB, as 3 MiB of managed memory would, and one-byte blocks give every key an index entry, so the
 * index block of the file that {@code compactState} writes (60,000 keys, over 1 MiB) is larger than
 * a cache shard and is read again by every lookup. The same on both Flink lines.
 */
class BlockCacheWatchTest {

    private static final int KEYS = 60_000;
    private static final int LOOKUPS = 3_000;
    private static final int SAMPLE_INTERVAL = 10;
    private static final ValueStateDescriptor<byte[]> VALUE =
            new ValueStateDescriptor<>("value", byte[].class);

    @RegisterExtension
    final LoggerAuditingExtension warnings =
            new LoggerAuditingExtension(BlockCacheWatch.class, Level.WARN);

    @Test
    void warnsOnceWhenLookupsReadIndexBlocksFromFiles() throws Exception {
        BlockCacheWatch watch = run();

        List<String> crawl =
                warnings.getMessages().stream().filter(m -> m.contains(" crawl: ")).toList();
        assertThat(watch.lookups()).isGreaterThanOrEqualTo(LOOKUPS);
        assertThat(crawl).hasSize(1);
        assertThat(crawl.get(0))
                .contains(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS.key() + ": true")
                .contains("bytes of index and filter blocks")
                .contains(RocksDBProfileOptions.PROFILE.key());
        // what the gauges report: every lookup read the compacted file's whole index block
        assertThat(watch.indexFilterMissesPerLookup()).isGreaterThanOrEqualTo(0.9);
        assertThat(watch.indexFilterBytesReadPerLookup()).isGreaterThan(640 * 1024);
    }

    /** Writes {@link #KEYS} keys, compacts them into one file, looks up; the watch at the end. */
    private static BlockCacheWatch run() throws Exception {
        Configuration conf = new Configuration();
        // What Flink's managed memory does, independent of how much the harness has: one block
        // cache of 2.5 MiB (4 shards of 640 KiB) with a write buffer manager charging it.
        conf.set(RocksDBOptions.FIX_PER_SLOT_MEMORY_SIZE, MemorySize.parse("3mb"));
        conf.set(RocksDBConfigurableOptions.BLOCK_SIZE, MemorySize.parse("1b"));
        conf.set(StateMetricOptions.SAMPLE_INTERVAL, SAMPLE_INTERVAL);
        conf.set(BlockCacheWatchOptions.INTERVAL, Duration.ZERO);
        InstrumentedRocksDBStateBackend backend =
                new InstrumentedRocksDBStateBackend(false)
                        .configure(conf, BlockCacheWatchTest.class.getClassLoader());

        KeyedOneInputStreamOperatorTestHarness<Long, Long, Long> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new WriteThenRead()),
                        v -> v < KEYS ? v : Math.floorMod(v * 0x9E3779B97F4A7C15L, KEYS),
                        Types.LONG);
        harness.setStateBackend(backend);
        harness.open();
        try {
            InstrumentedKeyedStateBackend<?> keyed =
                    (InstrumentedKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend();
            // Twice: the second compaction merges the new L0 file into the first one's output, so
            // that the file lookups read was written at L1 (a file moved down from L0 unchanged
            // would keep the index block that Flink pins for L0 files).
            for (int pass = 0; pass < 2; pass++) {
                for (long v = 0; v < KEYS; v++) {
                    harness.processElement(new StreamRecord<>(v));
                }
                RocksDBCompaction.compact(keyed.inner(), VALUE);
            }
            // One sampled access before the lookups: the watch's check there leaves the
            // compactions' block reads out of the lookups' figures.
            for (long v = 0; v < SAMPLE_INTERVAL; v++) {
                harness.processElement(new StreamRecord<>(v));
            }
            for (long v = KEYS; v < KEYS + LOOKUPS; v++) {
                harness.processElement(new StreamRecord<>(v));
            }
            return (BlockCacheWatch) keyed.entryTracker();
        } finally {
            harness.close();
        }
    }

    /** Writes an 8-byte value for each of the first {@link #KEYS} records, then looks up. */
    private static final class WriteThenRead extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<byte[]> value;

        @Override
        public void open(OpenContext openContext) {
            value = getRuntimeContext().getState(VALUE);
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Long> out) throws Exception {
            if (v < KEYS) {
                value.update(new byte[8]);
            } else if (value.value() == null) {
                throw new AssertionError("key " + ctx.getCurrentKey() + " lost its value");
            }
        }
    }
}
