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
package dev.flinkext.examples.tour;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link AllKeyedStatesFunction} knows about one key at the end of the input: one field per
 * kind of keyed state. Arrays rather than collections keep it a Flink POJO without Kryo.
 */
@PublicEvolving
public class KeySummary {
    public long key;

    /** From {@code ValueState<Long>}. */
    public long count;

    /** From {@code ReducingState<Long>}. */
    public long sum;

    /** From {@code AggregatingState<Long, Double>}. */
    public double mean;

    /** From {@code ListState<Long>}, sorted. */
    public long[] values;

    /** From {@code MapState<Integer, Long>}: how many values end in each decimal digit. */
    public long[] lastDigitCounts;

    /** For Flink's POJO serializer. */
    public KeySummary() {}

    public KeySummary(
            long key, long count, long sum, double mean, long[] values, long[] lastDigitCounts) {
        this.key = key;
        this.count = count;
        this.sum = sum;
        this.mean = mean;
        this.values = values;
        this.lastDigitCounts = lastDigitCounts;
    }

    /**
     * The summary a correct run produces for {@code key}: every record {@code i < records} with
     * {@code i % keys == key} counted exactly once.
     */
    public static KeySummary expected(long key, long records, int keys) {
        int n = key < records ? (int) ((records - key - 1) / keys + 1) : 0;
        long[] values = new long[n];
        long[] digits = new long[10];
        long sum = 0;
        for (int j = 0; j < n; j++) {
            values[j] = key + (long) j * keys;
            sum += values[j];
            digits[(int) (values[j] % 10)]++;
        }
        return new KeySummary(key, n, sum, n == 0 ? 0 : (double) sum / n, values, digits);
    }

    /** Names the first field in which this summary differs from {@code expected}, or null. */
    public String firstDifference(KeySummary expected) {
        if (count != expected.count) {
            return "ValueState count " + count + " != " + expected.count;
        }
        if (sum != expected.sum) {
            return "ReducingState sum " + sum + " != " + expected.sum;
        }
        if (Math.abs(mean - expected.mean) > 1e-9 * Math.max(1, Math.abs(expected.mean))) {
            return "AggregatingState mean " + mean + " != " + expected.mean;
        }
        if (!Arrays.equals(values, expected.values)) {
            return "ListState holds "
                    + values.length
                    + " values, expected "
                    + expected.values.length;
        }
        if (!Arrays.equals(lastDigitCounts, expected.lastDigitCounts)) {
            return "MapState "
                    + Arrays.toString(lastDigitCounts)
                    + " != "
                    + Arrays.toString(expected.lastDigitCounts);
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeySummary other && key == other.key && firstDifference(other) == null;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, count, sum);
    }

    @Override
    public String toString() {
        return "KeySummary{key=" + key + ", count=" + count + ", sum=" + sum + '}';
    }
}
