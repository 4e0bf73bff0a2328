package dev.flinkext.state.rocksdb;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;

import java.util.Map;

/**
 * Workload profiles for RocksDB: each is a set of <em>default values</em> for Flink's own {@code
 * state.backend.rocksdb.*} keys, so any of those keys set explicitly wins over the profile. Memory
 * stays inside Flink's managed memory budget: the profiles move the split between write buffers and
 * block cache ({@code state.backend.rocksdb.memory.write-buffer-ratio}), never the budget.
 */
@PublicEvolving
public enum RocksDBProfile {
    /** Flink's own defaults. */
    DEFAULT(Map.of()),

    /**
     * Many updates, few reads back (counting, deduplication windows, buffering): more of the budget
     * for write buffers, more of them merged per flush, and dynamic level sizes so that flushes and
     * compactions keep up. File sizes stay Flink's: large files with a small cache make every
     * lookup load a large index.
     */
    WRITE_HEAVY(
            Map.of(
                    "state.backend.rocksdb.writebuffer.count", "4",
                    "state.backend.rocksdb.writebuffer.number-to-merge", "2",
                    "state.backend.rocksdb.compaction.level.use-dynamic-size", "true")),

    /**
     * Reads dominate (enrichment, lookups of keys that often do not exist): bloom filters skip
     * files that cannot hold a key, more of the budget goes to the block cache and to its
     * high-priority part that keeps index and filter blocks, and dynamic level sizes keep the
     * levels few.
     */
    READ_HEAVY(
            Map.of(
                    "state.backend.rocksdb.use-bloom-filter", "true",
                    "state.backend.rocksdb.bloom-filter.bits-per-key", "10",
                    "state.backend.rocksdb.memory.write-buffer-ratio", "0.25",
                    "state.backend.rocksdb.memory.high-prio-pool-ratio", "0.25",
                    "state.backend.rocksdb.compaction.level.use-dynamic-size", "true")),

    /**
     * State far larger than memory: partitioned index and filter blocks keep the cache's fixed cost
     * small, larger blocks mean fewer index entries, bloom filters spare disk reads, and dynamic
     * level sizes keep space amplification low.
     */
    LARGE_STATE_LOW_MEMORY(
            Map.of(
                    "state.backend.rocksdb.memory.partitioned-index-filters", "true",
                    "state.backend.rocksdb.use-bloom-filter", "true",
                    "state.backend.rocksdb.block.blocksize", "32kb",
                    "state.backend.rocksdb.compaction.level.use-dynamic-size", "true",
                    "state.backend.rocksdb.memory.write-buffer-ratio", "0.4"));

    private final Map<String, String> defaults;

    RocksDBProfile(Map<String, String> defaults) {
        this.defaults = defaults;
    }

    /** The Flink keys this profile sets when they are not set explicitly. */
    public Map<String, String> defaults() {
        return defaults;
    }

    /** The profile's keys as a configuration. */
    public Configuration asConfiguration() {
        return Configuration.fromMap(defaults);
    }
}
