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

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What RocksDB's statistics and properties said at the end of one benchmark run, from the pack's
 * block cache watch ({@code flinkext.rocksdb.*}) and Flink's native RocksDB metrics, as one table
 * row. The watch's counts are cumulative over the run; on the read-heavy workload they are the
 * lookups' (writes do not look up).
 */
final class RunStats {

    static final String HEADER =
            "index+filter misses / lookup | index+filter KiB read / lookup | data misses / lookup"
                    + " | cache MiB: capacity, used, pinned | memtables MiB | files L0, L1, L2+"
                    + " | table readers MiB";
    static final String ALIGN = "---: | ---: | ---: | ---: | ---: | ---: | ---:";
    static final String NONE = "– | – | – | – | – | – | –";

    private final Map<String, Double> values;

    private RunStats(Map<String, Double> values) {
        this.values = values;
    }

    /**
     * From the metrics of this JVM's only job, by group: the gauges whose identifier has a {@code
     * rocksdb} part, by what follows it ({@code lookups}, {@code block-cache-usage}, {@code
     * num-files-at-level0}).
     */
    static RunStats of(Map<MetricGroup, Map<String, Metric>> metricsByGroup) {
        Map<String, Double> values = new LinkedHashMap<>();
        metricsByGroup.forEach(
                (group, metrics) ->
                        metrics.forEach(
                                (name, metric) -> {
                                    String identifier = group.getMetricIdentifier(name);
                                    int at = identifier.lastIndexOf("rocksdb.");
                                    if (at >= 0 && metric instanceof Gauge) {
                                        Object value = ((Gauge<?>) metric).getValue();
                                        if (value instanceof Number) {
                                            values.merge(
                                                    identifier.substring(at + "rocksdb.".length()),
                                                    ((Number) value).doubleValue(),
                                                    Math::max);
                                        }
                                    }
                                }));
        return new RunStats(values);
    }

    String encode() {
        StringBuilder out = new StringBuilder();
        values.forEach(
                (name, value) ->
                        out.append(name).append('=').append(Double.toString(value)).append(';'));
        return out.toString();
    }

    static RunStats decode(String encoded) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pair : encoded.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
            }
        }
        return new RunStats(values);
    }

    private double get(String name) {
        return values.getOrDefault(name, Double.NaN);
    }

    private static final double MIB = 1024.0 * 1024.0;

    String row() {
        double lookups = get("lookups");
        // Flink updates its native RocksDB gauges every 5 s: a shorter job never shows them.
        boolean nativeShown = get("block-cache-capacity") > 0;
        double levels = 0;
        for (int level = 2; level < 7; level++) {
            double files = get("num-files-at-level" + level);
            levels += Double.isNaN(files) ? 0 : files;
        }
        String perLookup =
                lookups >= 1000
                        ? String.format(
                                Locale.ROOT,
                                "%.2f | %.1f | %.2f",
                                get("indexFilterBlockMisses") / lookups,
                                get("indexFilterBlockBytesRead") / lookups / 1024,
                                get("dataBlockMisses") / lookups)
                        : "– | – | –";
        String properties =
                nativeShown
                        ? String.format(
                                Locale.ROOT,
                                "%.1f, %.1f, %.1f | %.1f | %.0f, %.0f, %.0f | %.2f",
                                get("block-cache-capacity") / MIB,
                                get("block-cache-usage") / MIB,
                                get("block-cache-pinned-usage") / MIB,
                                get("cur-size-all-mem-tables") / MIB,
                                get("num-files-at-level0"),
                                get("num-files-at-level1"),
                                levels,
                                get("estimate-table-readers-mem") / MIB)
                        : "– | – | – | –";
        return perLookup + " | " + properties;
    }
}
