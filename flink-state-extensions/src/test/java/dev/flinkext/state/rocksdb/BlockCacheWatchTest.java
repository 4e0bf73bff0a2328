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

import dev.flinkext.state.instrumented.StateMetricOptions;

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
 * The block cache watch on a real RocksDB backend (Flink's operator test harness, whose 3 MiB of
 * managed memory give a block cache of 2.5 MiB in 4 shards of 640 KiB, most of it pinned by the
 * write buffer manager's reservations) forced into the crawl: 256-byte blocks make the index of a
 * compacted file larger than a cache shard, so every lookup reads it again. The same backend with
 * partitioned index and filter blocks (the fix the warning names) stays quiet.
 */
class BlockCacheWatchTest {

    private static final int KEYS = 100_000;
    private static final int LOOKUPS = 30_000;

    @RegisterExtension
    final LoggerAuditingExtension warnings =
            new LoggerAuditingExtension(BlockCacheWatch.class, Level.WARN);

    @Test
    void warnsOnceWhenLookupsReadIndexBlocksFromFiles() throws Exception {
        run(false);

        List<String> crawl =
                warnings.getMessages().stream().filter(m -> m.contains(" crawl: ")).toList();
        assertThat(crawl).hasSize(1);
        assertThat(crawl.get(0))
                .contains(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS.key() + ": true")
                .contains("index and filter block cache misses per lookup");
    }

    @Test
    void staysQuietWithPartitionedIndexAndFilters() throws Exception {
        run(true);

        assertThat(warnings.getMessages()).isEmpty();
    }

    private static void run(boolean partitioned) throws Exception {
        Configuration conf = new Configuration();
        // Tiny blocks: an index entry for every two values, so a compacted file's index block
        // outgrows a cache shard.
        conf.set(RocksDBConfigurableOptions.BLOCK_SIZE, MemorySize.parse("256b"));
        conf.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, partitioned);
        conf.set(StateMetricOptions.SAMPLE_INTERVAL, 10);
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
            for (long v = 0; v < KEYS + LOOKUPS; v++) {
                harness.processElement(new StreamRecord<>(v));
            }
        } finally {
            harness.close();
        }
    }

    /** Writes a 100-byte value for each of the first {@link #KEYS} records, then looks up. */
    private static final class WriteThenRead extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<byte[]> value;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
            value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", byte[].class));
        }

        @Override
        public void processElement(Long v, Context ctx, Collector<Long> out) throws Exception {
            if (v < KEYS) {
                value.update(new byte[100]);
            } else if (value.value() == null) {
                throw new AssertionError("key " + ctx.getCurrentKey() + " lost its value");
            }
        }
    }
}
