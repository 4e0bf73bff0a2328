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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Workload profiles for RocksDB: each is a set of <em>default values</em> for Flink's own {@code
 * state.backend.rocksdb.*} keys, so any of those keys set explicitly wins over the profile. Memory
 * stays inside Flink's managed memory budget: the profiles move the split between write buffers and
 * block cache ({@code state.backend.rocksdb.memory.write-buffer-ratio}), never the budget.
 */
@PublicEvolving
public enum RocksDBProfile {
    /** Flink's own defaults. */
    DEFAULT(profile -> {}),

    /**
     * Many updates, few reads back (counting, deduplication windows, buffering): dynamic level
     * sizes so that compactions rewrite less, and partitioned index and filter blocks so that its
     * lookups never crawl (docs/state-backends.md). Flink's write buffers stay: more of them (4,
     * merging 2 per flush) kept more memtable memory pinned in the shared block cache than the
     * cache holds, so that lookups read every block from its file (see docs/benchmarks.md).
     */
    WRITE_HEAVY(
            profile -> {
                profile.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
                profile.set(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE, true);
            }),

    /**
     * Reads dominate (enrichment, lookups of keys that often do not exist): partitioned index and
     * filter blocks that the shared block cache can keep (a whole file's index or filter block
     * often cannot stay, and lookups crawl), bloom filters that skip files that cannot hold a key,
     * more of the budget for the block cache and for its high-priority part that keeps index and
     * filter partitions, and dynamic level sizes that keep the levels few.
     */
    READ_HEAVY(
            profile -> {
                profile.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
                profile.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
                profile.set(RocksDBConfigurableOptions.BLOOM_FILTER_BITS_PER_KEY, 10.0);
                profile.set(RocksDBOptions.WRITE_BUFFER_RATIO, 0.25);
                profile.set(RocksDBOptions.HIGH_PRIORITY_POOL_RATIO, 0.25);
                profile.set(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE, true);
            }),

    /**
     * State far larger than memory: partitioned index and filter blocks keep the cache's fixed cost
     * small, larger blocks mean fewer index entries, bloom filters spare disk reads, and dynamic
     * level sizes keep space amplification low.
     */
    LARGE_STATE_LOW_MEMORY(
            profile -> {
                profile.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
                profile.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
                profile.set(RocksDBConfigurableOptions.BLOCK_SIZE, MemorySize.parse("32kb"));
                profile.set(RocksDBConfigurableOptions.USE_DYNAMIC_LEVEL_SIZE, true);
                profile.set(RocksDBOptions.WRITE_BUFFER_RATIO, 0.4);
            });

    // Keyed by Flink's own ConfigOption constants, so that a misspelt key fails to compile.
    private final Configuration defaults = new Configuration();

    RocksDBProfile(Consumer<Configuration> settings) {
        settings.accept(defaults);
    }

    /** The Flink keys this profile sets when they are not set explicitly, with their values. */
    public Map<String, String> defaults() {
        return defaults.toMap();
    }

    /** The profile's keys as a configuration. */
    public Configuration asConfiguration() {
        return new Configuration(defaults);
    }
}
