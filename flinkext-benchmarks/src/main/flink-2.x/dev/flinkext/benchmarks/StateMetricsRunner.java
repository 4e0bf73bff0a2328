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

import dev.flinkext.benchmarks.StateMetricsBackends.Mode;

import org.apache.flink.annotation.Internal;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Flink 2.x only: runs {@link StateMetricsBenchmark} for every operation and backend in one run and
 * prints Markdown tables: per mode the time per access against raw (median and range over forks of
 * each fork's median per-round ratio), and the bytes allocated per access beside raw's.
 *
 * <p>The run is made of rounds of one JMH run each, one fork per cell (operation and backend), so
 * that each cell's forks spread over the whole run.
 */
@Internal
@Command(
        name = "state-metrics",
        mixinStandardHelpOptions = true,
        description =
                "Flink 2.x's size and latency tracking and the pack's instrumented backend, each"
                        + " against Flink's own backend in the same JVM, as Markdown.")
public final class StateMetricsRunner implements Callable<Integer> {

    /** The forks' JVM flags: those of {@link StateMetricsBenchmark}'s {@code @Fork}. */
    static final List<String> JVM_ARGS =
            List.of(
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "-Xmx2g");

    @Option(
            names = "--operations",
            split = ",",
            description = "Operations (default: ${DEFAULT-VALUE}).")
    List<String> operations = List.of("valueGet", "valueUpdate", "mapGet");

    @Option(
            names = "--backends",
            split = ",",
            description = "Backends (default: ${DEFAULT-VALUE}).")
    List<String> backends = List.of("heap", "rocksdb");

    @Option(names = "--forks", description = "Forks per cell (default: ${DEFAULT-VALUE}).")
    int forks = 4;

    @Option(
            names = "--warmup",
            description = "Warm-up seconds per fork (default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 2;

    @Option(
            names = "--iterations",
            description = "Measured iterations of 2 s per fork (default: ${DEFAULT-VALUE}).")
    int iterations = 3;

    @Option(
            names = "--batch",
            description =
                    "Accesses per batch on the heap, a multiple of 100 (default: ${DEFAULT-VALUE}).")
    int batch = 1000;

    @Option(
            names = "--rocksdb-batch",
            description =
                    "Accesses per batch on RocksDB, whose accesses take about ten times longer, a"
                            + " multiple of 100 (default: ${DEFAULT-VALUE}).")
    int rocksdbBatch = 100;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StateMetricsRunner()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path results = Files.createTempFile("state-metrics", ".txt");
        List<String> loads = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int fork = 1; fork <= forks; fork++) {
                loads.add(String.format(Locale.ROOT, "%.1f", load()));
                List<String> jvmArgs = new ArrayList<>(JVM_ARGS);
                jvmArgs.add("-D" + StateMetricsBenchmark.RESULTS + "=" + results);
                for (String backend : backends) {
                    Options options =
                            new OptionsBuilder()
                                    .include(StateMetricsBenchmark.class.getName() + "\\.round$")
                                    .param("operation", operations.toArray(new String[0]))
                                    .param("backend", backend)
                                    .param("batch", String.valueOf(batch(backend)))
                                    .forks(1)
                                    .warmupIterations(1)
                                    .warmupTime(TimeValue.seconds(warmupSeconds))
                                    .measurementIterations(iterations)
                                    .measurementTime(TimeValue.seconds(2))
                                    .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                                    .shouldFailOnError(true)
                                    .build();
                    new Runner(options).run();
                }
            }
            loads.add(String.format(Locale.ROOT, "%.1f", load()));
            print(
                    Files.readAllLines(results, StandardCharsets.UTF_8),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                    loads);
        } finally {
            Files.deleteIfExists(results);
        }
        return 0;
    }

    private int batch(String backend) {
        return backend.equals("rocksdb") ? rocksdbBatch : batch;
    }

    private void print(List<String> lines, long seconds, List<String> loads) {
        // "operation backend" -> one map of key -> value per fork
        Map<String, List<Map<String, String>>> cells = new LinkedHashMap<>();
        for (String operation : operations) {
            for (String backend : backends) {
                cells.put(operation + " " + backend, new ArrayList<>());
            }
        }
        for (String line : lines) {
            String[] words = line.trim().split(" ");
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : Arrays.asList(words).subList(2, words.length)) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            cells.get(words[0] + " " + words[1]).add(values);
        }
        List<Mode> compared = Arrays.asList(Mode.values()).subList(1, Mode.values().length);

        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%d forks per cell in %d s (%d s warm-up and %d × 2 s measured per fork, batches of"
                        + " %d accesses on the heap and %d on RocksDB); 1-minute load average at the"
                        + " start of each round of forks and at the end: %s, on %d cores%n%n",
                forks,
                seconds,
                warmupSeconds,
                iterations,
                batch,
                rocksdbBatch,
                String.join(", ", loads),
                Runtime.getRuntime().availableProcessors());
        StringBuilder header = new StringBuilder("| operation | backend | raw (ns/op) |");
        StringBuilder rule = new StringBuilder("| --- | --- | ---: |");
        for (Mode mode : compared) {
            header.append(' ').append(mode.label()).append(" / raw |");
            rule.append(" ---: |");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Map.Entry<String, List<Map<String, String>>> cell : cells.entrySet()) {
            StringBuilder row =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.1f |",
                                    cell.getKey().replace(" ", " | "),
                                    Ratios.median(column(cell.getValue(), "ns." + Mode.RAW))));
            for (Mode mode : compared) {
                row.append(' ')
                        .append(Ratios.spread(column(cell.getValue(), "ratio." + mode)))
                        .append(" |");
            }
            System.out.println(row);
        }
        System.out.println();
        header = new StringBuilder("| operation | backend | raw (B/op) |");
        rule = new StringBuilder("| --- | --- | ---: |");
        for (Mode mode : compared) {
            header.append(' ').append(mode.label()).append(" − raw (B/op) |");
            rule.append(" ---: |");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Map.Entry<String, List<Map<String, String>>> cell : cells.entrySet()) {
            double[] raw = column(cell.getValue(), "bytes." + Mode.RAW);
            StringBuilder row =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.2f |",
                                    cell.getKey().replace(" ", " | "),
                                    Ratios.median(raw)));
            for (Mode mode : compared) {
                double[] values = column(cell.getValue(), "bytes." + mode);
                double[] differences = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    differences[i] = values[i] - raw[i];
                }
                row.append(String.format(Locale.ROOT, " %+.2f |", Ratios.median(differences)));
            }
            System.out.println(row);
        }
        System.out.println();
        System.out.println(
                "Per-fork ratios ("
                        + compared.stream()
                                .map(mode -> mode.label() + " / raw")
                                .collect(Collectors.joining("; "))
                        + "):");
        System.out.println();
        for (Map.Entry<String, List<Map<String, String>>> cell : cells.entrySet()) {
            System.out.println(
                    "- "
                            + cell.getKey()
                            + ": "
                            + compared.stream()
                                    .map(
                                            mode ->
                                                    Ratios.list(
                                                            column(
                                                                    cell.getValue(),
                                                                    "ratio." + mode)))
                                    .collect(Collectors.joining("; ")));
        }
    }

    private static double[] column(List<Map<String, String>> rows, String key) {
        return rows.stream().mapToDouble(row -> Double.parseDouble(row.get(key))).toArray();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
