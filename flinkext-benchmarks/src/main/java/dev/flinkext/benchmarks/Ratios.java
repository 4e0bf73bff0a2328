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
package dev.flinkext.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What every benchmark of this module reports about repeated measurements: the median and range of
 * per-round (or per-fork) ratios, and whether a target is met, missed, or not resolved by them.
 */
final class Ratios {

    /** Whether a set of ratios meets a target. */
    enum Verdict {
        /** Every ratio is on the right side of the target. */
        MET("met"),
        /** Every ratio is on the wrong side. */
        MISSED("missed"),
        /** The ratios straddle the target. */
        NOT_RESOLVED("not resolved");

        final String label;

        Verdict(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Ratios() {}

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** {@code median [min–max]}, each with three decimals. */
    static String spread(double[] values) {
        return spread(values, "%.3f", "");
    }

    /**
     * {@code median [min–max]} with each number in {@code format} followed by {@code unit} after
     * the median, e.g. {@code 1.18× [1.13–1.20]} for {@code ("%.2f", "×")}.
     */
    static String spread(double[] values, String format, String unit) {
        if (values.length == 0) {
            return "–";
        }
        return String.format(
                Locale.ROOT,
                format + unit + " [" + format + "–" + format + "]",
                median(values),
                min(values),
                max(values));
    }

    /** The values, comma-separated, each in {@code format}. */
    static String list(double[] values, String format) {
        return Arrays.stream(values)
                .mapToObj(v -> String.format(Locale.ROOT, format, v))
                .collect(Collectors.joining(", "));
    }

    static String list(double[] values) {
        return list(values, "%.3f");
    }

    /** Target "ratio ≤ {@code target}": met if every ratio is at or below it, missed if none. */
    static Verdict atMost(double[] ratios, double target) {
        if (ratios.length == 0) {
            return Verdict.NOT_RESOLVED;
        }
        if (max(ratios) <= target) {
            return Verdict.MET;
        }
        return min(ratios) > target ? Verdict.MISSED : Verdict.NOT_RESOLVED;
    }

    /** Target "ratio ≥ {@code target}": met if every ratio is at or above it, missed if none. */
    static Verdict atLeast(double[] ratios, double target) {
        if (ratios.length == 0) {
            return Verdict.NOT_RESOLVED;
        }
        if (min(ratios) >= target) {
            return Verdict.MET;
        }
        return max(ratios) < target ? Verdict.MISSED : Verdict.NOT_RESOLVED;
    }
}
