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

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@link StateMetricsBenchmark} for every operation, backend and mode in one run and prints
 * Markdown tables: time per access and bytes allocated per access (JMH's GC profiler), each mode
 * against raw.
 *
 * <p>The run is made of rounds; in each round every cell (operation and backend) runs one JMH fork
 * per mode, back to back, the first mode rotating from round to round, so that each mode is
 * compared with a raw fork of the same cell that ran a few seconds before or after it, and no mode
 * always runs first. A mode's ratio in a round is its score over raw's score in that round; the
 * tables give the median and range (min–max) of these ratios over the rounds.
 */
@Command(
        name = "state-metrics",
        mixinStandardHelpOptions = true,
        description =
                "Flink 2.x's size and latency tracking and the pack's instrumented backend, each"
                        + " against Flink's backend, as Markdown.")
public final class StateMetricsRunner implements Callable<Integer> {

    /** JMH's label of the bytes allocated per operation. */
    static final String ALLOCATION = "gc.alloc.rate.norm";

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

    @Option(
            names = "--modes",
            split = ",",
            description = "Modes, RAW among them (default: ${DEFAULT-VALUE}).")
    List<Mode> modes = List.of(Mode.values());

    @Option(
            names = "--rounds",
            description = "Rounds: forks per cell and mode (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--warmup", description = "Warm-up iterations (default: ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Option(
            names = "--warmup-ms",
            description = "Milliseconds per warm-up iteration (default: ${DEFAULT-VALUE}).")
    long warmupMillis = 750;

    @Option(
            names = "--iterations",
            description = "Measured iterations (default: ${DEFAULT-VALUE}).")
    int iterations = 4;

    @Option(
            names = "--iteration-ms",
            description = "Milliseconds per measured iteration (default: ${DEFAULT-VALUE}).")
    long iterationMillis = 400;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StateMetricsRunner()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!modes.contains(Mode.RAW)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--modes must include RAW, the baseline: " + modes);
        }
        // cell -> mode -> per-round score, and per-round bytes per access
        Map<String, Map<Mode, double[]>> nanos = new LinkedHashMap<>();
        Map<String, Map<Mode, double[]>> bytes = new LinkedHashMap<>();
        List<String> loads = new ArrayList<>();
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            loads.add(String.format(Locale.ROOT, "%.2f", load()));
            for (String operation : operations) {
                for (String backend : backends) {
                    String cell = operation + " " + backend;
                    for (int turn = 0; turn < modes.size(); turn++) {
                        Mode mode = modes.get((round + turn) % modes.size());
                        RunResult result = run(operation, backend, mode);
                        nanos.computeIfAbsent(cell, c -> new LinkedHashMap<>())
                                        .computeIfAbsent(mode, m -> new double[rounds])[round] =
                                result.getPrimaryResult().getScore();
                        bytes.computeIfAbsent(cell, c -> new LinkedHashMap<>())
                                        .computeIfAbsent(mode, m -> new double[rounds])[round] =
                                result.getSecondaryResults().get(ALLOCATION).getScore();
                    }
                }
            }
        }
        loads.add(String.format(Locale.ROOT, "%.2f", load()));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        List<Mode> compared =
                modes.stream().filter(mode -> mode != Mode.RAW).collect(Collectors.toList());

        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%d rounds in %d s; %d warm-up × %d ms and %d measured × %d ms iterations per"
                        + " fork; 1-minute load average at each round's start and at the end: %s"
                        + " (on %d cores)%n%n",
                rounds,
                seconds,
                warmup,
                warmupMillis,
                iterations,
                iterationMillis,
                String.join(", ", loads),
                Runtime.getRuntime().availableProcessors());
        System.out.println("Time per access: mode / raw of the same round, median [min–max]:");
        System.out.println();
        StringBuilder header = new StringBuilder("| operation | backend | raw (ns/op) |");
        StringBuilder rule = new StringBuilder("| --- | --- | ---: |");
        for (Mode mode : compared) {
            header.append(' ').append(mode.label()).append(" / raw |");
            rule.append(" ---: |");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Map.Entry<String, Map<Mode, double[]>> cell : nanos.entrySet()) {
            double[] raw = cell.getValue().get(Mode.RAW);
            StringBuilder row =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.1f |",
                                    cell.getKey().replace(" ", " | "),
                                    Ratios.median(raw)));
            for (Mode mode : compared) {
                row.append(' ')
                        .append(Ratios.spread(ratios(cell.getValue().get(mode), raw)))
                        .append(" |");
            }
            System.out.println(row);
        }
        System.out.println();
        System.out.println(
                "Bytes allocated per access (JMH -prof gc): raw, and each mode − raw of the same"
                        + " round, median:");
        System.out.println();
        header = new StringBuilder("| operation | backend | raw (B/op) |");
        rule = new StringBuilder("| --- | --- | ---: |");
        for (Mode mode : compared) {
            header.append(' ').append(mode.label()).append(" − raw |");
            rule.append(" ---: |");
        }
        System.out.println(header);
        System.out.println(rule);
        for (Map.Entry<String, Map<Mode, double[]>> cell : bytes.entrySet()) {
            double[] raw = cell.getValue().get(Mode.RAW);
            StringBuilder row =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.2f |",
                                    cell.getKey().replace(" ", " | "),
                                    Ratios.median(raw)));
            for (Mode mode : compared) {
                double[] values = cell.getValue().get(mode);
                double[] differences = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    differences[r] = values[r] - raw[r];
                }
                row.append(String.format(Locale.ROOT, " %+.2f |", Ratios.median(differences)));
            }
            System.out.println(row);
        }
        System.out.println();
        System.out.println(
                "Per-round ratios ("
                        + compared.stream()
                                .map(mode -> mode.label() + " / raw")
                                .collect(Collectors.joining("; "))
                        + "):");
        System.out.println();
        for (Map.Entry<String, Map<Mode, double[]>> cell : nanos.entrySet()) {
            double[] raw = cell.getValue().get(Mode.RAW);
            System.out.println(
                    "- "
                            + cell.getKey()
                            + ": "
                            + compared.stream()
                                    .map(
                                            mode ->
                                                    Ratios.list(
                                                            ratios(cell.getValue().get(mode), raw)))
                                    .collect(Collectors.joining("; ")));
        }
        return 0;
    }

    /** One JMH fork of one operation, backend and mode. */
    private RunResult run(String operation, String backend, Mode mode) throws Exception {
        Options options =
                new OptionsBuilder()
                        .include(StateMetricsBenchmark.class.getName() + "\\." + operation + "$")
                        .param("backend", backend)
                        .param("mode", mode.name())
                        .forks(1)
                        .warmupIterations(warmup)
                        .warmupTime(TimeValue.milliseconds(warmupMillis))
                        .measurementIterations(iterations)
                        .measurementTime(TimeValue.milliseconds(iterationMillis))
                        .addProfiler(GCProfiler.class)
                        .verbosity(VerboseMode.SILENT)
                        .shouldFailOnError(true)
                        .build();
        RunResult result = new Runner(options).runSingle();
        System.out.printf(
                Locale.ROOT,
                "%s %s %s: %.1f ns/op, %.2f B/op%n",
                operation,
                backend,
                mode.label(),
                result.getPrimaryResult().getScore(),
                result.getSecondaryResults().get(ALLOCATION).getScore());
        return result;
    }

    private static double[] ratios(double[] values, double[] raw) {
        double[] ratios = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            ratios[i] = values[i] / raw[i];
        }
        return ratios;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
