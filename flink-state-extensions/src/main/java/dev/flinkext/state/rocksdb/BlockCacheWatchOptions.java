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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;

/**
 * Options of the instrumented RocksDB backend's block cache watch: RocksDB's own statistics, read
 * on a clock, that show when index and filter blocks do not stay in the block cache.
 */
@PublicEvolving
public final class BlockCacheWatchOptions {

    /** Whether the backend collects RocksDB's statistics and reports the block cache metrics. */
    @Documentation.Section("flinkext_state_rocksdb")
    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("flinkext.state.rocksdb.block-cache-watch.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the instrumented RocksDB backend turns on RocksDB's statistics"
                                    + " (tickers) and reports, per keyed backend, how many index and"
                                    + " filter blocks its lookups read into the block cache, with one"
                                    + " warning per backend when lookups crawl because the cache"
                                    + " cannot keep those blocks. Needs the per-state metrics ("
                                    + StateMetricOptions.ENABLED.key()
                                    + "): the watch reads the tickers on their sampled accesses (see "
                                    + StateMetricOptions.SAMPLE_INTERVAL.key()
                                    + "). When an options factory or Flink's statistics-based"
                                    + " native metrics give RocksDB a statistics object already,"
                                    + " the watch reads that one.");

    /** How often the watch reads RocksDB's tickers. */
    @Documentation.Section("flinkext_state_rocksdb")
    public static final ConfigOption<Duration> INTERVAL =
            ConfigOptions.key("flinkext.state.rocksdb.block-cache-watch.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "How often the block cache watch reads RocksDB's tickers: at the first"
                                    + " sampled state access after this much time. The per-lookup"
                                    + " metrics cover the last interval with at least 1,000"
                                    + " lookups.");

    /** Bytes of index and filter blocks read per lookup from which the watch warns. */
    @Documentation.Section("flinkext_state_rocksdb")
    public static final ConfigOption<MemorySize> WARN_BYTES_PER_LOOKUP =
            ConfigOptions.key("flinkext.state.rocksdb.block-cache-watch.warn-bytes-per-lookup")
                    .memoryType()
                    .defaultValue(MemorySize.parse("64kb"))
                    .withDescription(
                            "Bytes of index and filter blocks read into the block cache per lookup"
                                    + " (over one interval with at least 1,000 lookups) from which"
                                    + " the backend logs its one warning. Lookups whose index and"
                                    + " filter blocks stay cached read close to 0; with partitioned"
                                    + " index and filter blocks a miss reads one small partition"
                                    + " (about 1 KiB per lookup measured); lookups that crawl read a"
                                    + " whole file's index block, hundreds of KiB, every time.");

    private BlockCacheWatchOptions() {}
}
