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

import dev.flinkext.state.instrumented.AbstractInstrumentedState;
import dev.flinkext.state.instrumented.EntryTracker;
import dev.flinkext.state.instrumented.InstrumentedKeyedStateBackend;
import dev.flinkext.state.instrumented.StateMetrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import org.rocksdb.DBOptions;
import org.rocksdb.Statistics;
import org.rocksdb.StatsLevel;
import org.rocksdb.TickerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Locale;

/**
 * Watches one RocksDB instance (one keyed backend) for lookups that read index or filter blocks
 * from their files because the block cache does not keep them, the cause of lookups that crawl at a
 * hundredth of their speed for as long as the backend lives (see docs/state-backends.md).
 *
 * <p>It reads RocksDB's own tickers (the statistics object that {@link StatisticsOptionsFactory}
 * puts into the instance's options) on the task thread, at the first sampled state access after
 * each {@link BlockCacheWatchOptions#INTERVAL}: unsampled accesses do nothing, sampled ones compare
 * two clock readings. The gauges only read fields, so the reporter thread never calls into RocksDB
 * (which may be closed by then). Logs one warning per backend, naming the fix, when an interval's
 * index and filter bytes read per lookup reach {@link
 * BlockCacheWatchOptions#WARN_BYTES_PER_LOOKUP}.
 */
@Internal
final class BlockCacheWatch implements EntryTracker {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(BlockCacheWatch.class);

    /** Group under the keyed backend's {@code flinkext} group. */
    static final String GROUP = "rocksdb";

    static final String LOOKUPS = "lookups";
    static final String INDEX_FILTER_MISSES = "indexFilterBlockMisses";
    static final String INDEX_FILTER_BYTES_READ = "indexFilterBlockBytesRead";
    static final String DATA_MISSES = "dataBlockMisses";
    static final String INDEX_FILTER_MISSES_PER_LOOKUP = "indexFilterBlockMissesPerLookup";
    static final String INDEX_FILTER_BYTES_READ_PER_LOOKUP = "indexFilterBlockBytesReadPerLookup";

    /** An interval with fewer lookups says nothing about them. */
    static final long MIN_LOOKUPS = 1_000;

    /**
     * The options of the RocksDB instance that the keyed backend being created on this thread
     * opened, handed over from the options factory to {@link #attach}.
     */
    private static final ThreadLocal<DBOptions> OPENED = new ThreadLocal<>();

    private final long intervalNanos;
    private final long warnBytesPerLookup;

    private transient Statistics statistics;
    private transient String backendName;
    private transient long lastCheckNanos;
    private transient boolean warned;
    // the tickers where the current window started
    private transient long windowLookups;
    private transient long windowMisses;
    private transient long windowBytes;

    // cumulative at the last check; read by the reporter thread
    private volatile long lookups;
    private volatile long indexFilterMisses;
    private volatile long indexFilterBytesRead;
    private volatile long dataMisses;
    private volatile double indexFilterMissesPerLookup;
    private volatile double indexFilterBytesReadPerLookup;

    BlockCacheWatch(long intervalNanos, long warnBytesPerLookup) {
        this.intervalNanos = intervalNanos;
        this.warnBytesPerLookup = warnBytesPerLookup;
    }

    static BlockCacheWatch fromConfig(ReadableConfig config) {
        return new BlockCacheWatch(
                config.get(BlockCacheWatchOptions.INTERVAL).toNanos(),
                config.get(BlockCacheWatchOptions.WARN_BYTES_PER_LOOKUP).getBytes());
    }

    /**
     * The options of a new RocksDB instance, as the options factory of either line ({@link
     * StatisticsOptionsFactory}) hands them to RocksDB: with a statistics object unless they have
     * one already, and remembered on this thread for {@link #attach}.
     */
    static DBOptions withStatistics(DBOptions options, Collection<AutoCloseable> handlesToClose) {
        Statistics existing = options.statistics();
        if (existing == null) {
            Statistics statistics = new Statistics();
            // The cheapest level RocksJava offers; the watch reads tickers only.
            statistics.setStatsLevel(StatsLevel.EXCEPT_DETAILED_TIMERS);
            options.setStatistics(statistics);
            handlesToClose.add(statistics);
        } else {
            existing.close();
        }
        OPENED.set(options);
        return options;
    }

    /** Forgets what an earlier, failed, backend creation on this thread left behind. */
    static void clearOpened() {
        OPENED.remove();
    }

    @Override
    public void attach(InstrumentedKeyedStateBackend<?> backend) {
        DBOptions options = OPENED.get();
        OPENED.remove();
        // Whichever statistics the instance has: the factory's, or Flink's own when its
        // statistics-based native metrics are on (Flink sets those after the factory ran).
        statistics = options == null ? null : options.statistics();
        if (statistics == null) {
            return;
        }
        backendName = backend.metricGroup().getMetricIdentifier(GROUP);
        lastCheckNanos = System.nanoTime();
        MetricGroup group = backend.metricGroup().addGroup(GROUP);
        group.gauge(LOOKUPS, (Gauge<Long>) () -> lookups);
        group.gauge(INDEX_FILTER_MISSES, (Gauge<Long>) () -> indexFilterMisses);
        group.gauge(INDEX_FILTER_BYTES_READ, (Gauge<Long>) () -> indexFilterBytesRead);
        group.gauge(DATA_MISSES, (Gauge<Long>) () -> dataMisses);
        group.gauge(
                INDEX_FILTER_MISSES_PER_LOOKUP, (Gauge<Double>) () -> indexFilterMissesPerLookup);
        group.gauge(
                INDEX_FILTER_BYTES_READ_PER_LOOKUP,
                (Gauge<Double>) () -> indexFilterBytesReadPerLookup);
    }

    @Override
    public void track(
            AbstractInstrumentedState<?, ?, ?, ?> state,
            StateMetrics metrics,
            MetricGroup stateGroup) {
        if (statistics != null) {
            metrics.afterEachSample(this::afterSample);
        }
    }

    @Override
    public void release(InstrumentedKeyedStateBackend<?> backend) {
        if (statistics != null) {
            // The backend is disposed on this thread after its last access: final figures.
            check(System.nanoTime());
            statistics.close();
            statistics = null;
        }
    }

    private void afterSample(long nowNanos) {
        if (nowNanos - lastCheckNanos >= intervalNanos && statistics != null) {
            check(nowNanos);
        }
    }

    @VisibleForTesting
    void check(long nowNanos) {
        lastCheckNanos = nowNanos;
        long newLookups =
                statistics.getTickerCount(TickerType.NUMBER_KEYS_READ)
                        + statistics.getTickerCount(TickerType.NUMBER_MULTIGET_KEYS_READ)
                        + statistics.getTickerCount(TickerType.NUMBER_DB_SEEK);
        long newMisses =
                statistics.getTickerCount(TickerType.BLOCK_CACHE_INDEX_MISS)
                        + statistics.getTickerCount(TickerType.BLOCK_CACHE_FILTER_MISS);
        long newBytes =
                statistics.getTickerCount(TickerType.BLOCK_CACHE_INDEX_BYTES_INSERT)
                        + statistics.getTickerCount(TickerType.BLOCK_CACHE_FILTER_BYTES_INSERT);
        lookups = newLookups;
        indexFilterMisses = newMisses;
        indexFilterBytesRead = newBytes;
        dataMisses = statistics.getTickerCount(TickerType.BLOCK_CACHE_DATA_MISS);
        long intervalLookups = newLookups - windowLookups;
        if (intervalLookups == 0) {
            // No lookups since the window began: what was read meanwhile (flushes, compactions)
            // is no lookup's doing, so the window begins now.
            windowMisses = newMisses;
            windowBytes = newBytes;
            return;
        }
        if (intervalLookups < MIN_LOOKUPS) {
            // Too few to judge: the window grows until it has enough.
            return;
        }
        long intervalMisses = newMisses - windowMisses;
        long intervalBytes = newBytes - windowBytes;
        windowLookups = newLookups;
        windowMisses = newMisses;
        windowBytes = newBytes;
        double missesPerLookup = (double) intervalMisses / intervalLookups;
        double bytesPerLookup = (double) intervalBytes / intervalLookups;
        indexFilterMissesPerLookup = missesPerLookup;
        indexFilterBytesReadPerLookup = bytesPerLookup;
        if (bytesPerLookup >= warnBytesPerLookup && !warned) {
            warned = true;
            LOG.warn(
                    "RocksDB lookups of {} crawl: over the last {} lookups each read {} bytes of"
                            + " index and filter blocks into the block cache ({} misses per"
                            + " lookup). The block cache does not keep a file's index or filter"
                            + " block (larger than the room its cache shard has left, most of it"
                            + " pinned by the write buffer manager), so lookups read and decode"
                            + " the whole block again each time. Set '{}: true' (every"
                            + " {} but 'default' does), which splits these blocks into small"
                            + " partitions that the cache keeps.",
                    backendName,
                    intervalLookups,
                    Math.round(bytesPerLookup),
                    String.format(Locale.ROOT, "%.2f", missesPerLookup),
                    RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS.key(),
                    RocksDBProfileOptions.PROFILE.key());
        }
    }

    long lookups() {
        return lookups;
    }

    long indexFilterMisses() {
        return indexFilterMisses;
    }

    double indexFilterMissesPerLookup() {
        return indexFilterMissesPerLookup;
    }

    double indexFilterBytesReadPerLookup() {
        return indexFilterBytesReadPerLookup;
    }
}
