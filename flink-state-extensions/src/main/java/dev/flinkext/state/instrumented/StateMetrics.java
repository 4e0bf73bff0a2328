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

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The metrics of one state: every access is counted, one in {@code sampleInterval} is timed and has
 * its serialized key and value sizes recorded (see {@link AbstractInstrumentedState} for how). Used
 * from the task thread only; gauges are read by the metric reporter thread and only read plain
 * fields.
 */
@Internal
public final class StateMetrics {

    /** Group under the operator's metric group: {@code flinkext.state.<name>.…}. */
    public static final String GROUP = "flinkext";

    public static final String READS = "reads";
    public static final String WRITES = "writes";
    public static final String LATENCY = "accessLatencyNanos";
    public static final String KEY_SIZE = "keySizeBytes";
    public static final String VALUE_SIZE = "valueSizeBytes";
    public static final String ESTIMATED_ENTRIES = "estimatedEntries";
    public static final String ESTIMATED_SIZE = "estimatedSizeBytes";

    private final String stateName;
    private final int sampleInterval;
    private final Counter reads = new SimpleCounter();
    private final Counter writes = new SimpleCounter();
    private final Histogram latency;
    private final Histogram keySize;
    private final Histogram valueSize;
    private int untilSample;

    /** Weight of the newest entry-size sample, so that the estimate follows growing entries. */
    static final double RECENT_WEIGHT = 0.1;

    private volatile double meanEntryBytes = -1;
    private LongSupplier entries;
    private IntSupplier currentEntryBytes;
    private LongConsumer afterSample;

    StateMetrics(String stateName, StateMetricSettings settings, MetricGroup stateGroup) {
        this.stateName = stateName;
        this.sampleInterval = settings.sampleInterval();
        this.untilSample = sampleInterval;
        this.latency = new DescriptiveStatisticsHistogram(settings.historySize());
        this.keySize = new DescriptiveStatisticsHistogram(settings.historySize());
        this.valueSize = new DescriptiveStatisticsHistogram(settings.historySize());
        stateGroup.counter(READS, reads);
        stateGroup.counter(WRITES, writes);
        stateGroup.histogram(LATENCY, latency);
        stateGroup.histogram(KEY_SIZE, keySize);
        stateGroup.histogram(VALUE_SIZE, valueSize);
    }

    public String stateName() {
        return stateName;
    }

    /**
     * Also reports how many entries (key and namespace pairs) the state holds, and an estimate of
     * its size: entries times the recent mean serialized size of whole entries at sampled accesses.
     *
     * @param entryCount the number of entries, read by the reporter thread
     * @param currentEntryBytes serialized size of the whole entry of the current key and namespace
     *     (a list with all its elements, a map with all its entries), or -1 if absent; called on
     *     sampled accesses from the task thread
     */
    public void trackEntries(
            LongSupplier entryCount, IntSupplier currentEntryBytes, MetricGroup stateGroup) {
        this.entries = entryCount;
        this.currentEntryBytes = currentEntryBytes;
        stateGroup.gauge(ESTIMATED_ENTRIES, (Gauge<Long>) entryCount::getAsLong);
        stateGroup.gauge(ESTIMATED_SIZE, (Gauge<Long>) this::estimatedSizeBytes);
    }

    /** Counts a read; returns whether this access is to be measured. */
    public boolean countRead() {
        reads.inc();
        return sampleDue();
    }

    /** Counts a write; returns whether this access is to be measured. */
    public boolean countWrite() {
        writes.inc();
        return sampleDue();
    }

    private boolean sampleDue() {
        if (--untilSample > 0) {
            return false;
        }
        untilSample = sampleInterval;
        return true;
    }

    /**
     * Records a measured access: its latency ({@link System#nanoTime()} at its start and end), the
     * sizes of what it read or wrote (-1 where there was no value), and the size of the whole entry
     * it touched.
     */
    public void record(long startNanos, long endNanos, int keyBytes, int valueBytes) {
        latency.update(endNanos - startNanos);
        if (keyBytes >= 0) {
            keySize.update(keyBytes);
        }
        if (valueBytes >= 0) {
            valueSize.update(valueBytes);
        }
        if (currentEntryBytes != null && keyBytes >= 0) {
            int entry = currentEntryBytes.getAsInt();
            if (entry >= 0) {
                double sample = keyBytes + entry;
                double mean = meanEntryBytes;
                meanEntryBytes = mean < 0 ? sample : mean + RECENT_WEIGHT * (sample - mean);
            }
        }
        if (afterSample != null) {
            afterSample.accept(endNanos);
        }
    }

    /**
     * Runs after every sampled access, on the task thread, with the {@link System#nanoTime()} at
     * which the access ended; may throw to fail the task.
     */
    public void afterEachSample(LongConsumer check) {
        this.afterSample = check;
    }

    public long reads() {
        return reads.getCount();
    }

    public long writes() {
        return writes.getCount();
    }

    public Histogram latency() {
        return latency;
    }

    public Histogram keySize() {
        return keySize;
    }

    public Histogram valueSize() {
        return valueSize;
    }

    /** Entries held, or -1 where the backend does not tell. */
    public long estimatedEntries() {
        return entries == null ? -1 : entries.getAsLong();
    }

    /**
     * Entries times the recent mean serialized entry size (an exponential moving average of the
     * sampled entries, so that it follows entries that grow); 0 before the first sample.
     */
    public long estimatedSizeBytes() {
        double mean = meanEntryBytes;
        long count = estimatedEntries();
        return mean < 0 || count <= 0 ? 0 : (long) (count * mean);
    }
}
