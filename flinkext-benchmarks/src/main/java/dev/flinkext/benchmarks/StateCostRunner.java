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

import dev.flinkext.benchmarks.KeyedBackends.Mode;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Measures what the per-state metrics cost and prints it as Markdown tables: {@code allocation}
 * runs {@link StateAccessBenchmark} through JMH's Runner API with its GC profiler and gives the
 * bytes allocated per access in each mode; {@code time} runs forks of {@link
 * InterleavedStateAccess}, each a fresh JVM, and gives per operation and backend the median and
 * range of their instrumented/raw and latency-tracking/raw time ratios.
 */
@Command(
        name = "state-cost",
        mixinStandardHelpOptions = true,
        subcommands = {StateCostRunner.Allocation.class, StateCostRunner.Time.class},
        description = "The cost of the per-state metrics: allocation and time, as Markdown.")
public final class StateCostRunner implements Runnable {

    static final List<String> OPERATIONS =
            List.of("valueGet", "valueUpdate", "listAdd", "mapPut", "mapGet");

    /** JMH's label of the bytes allocated per operation. */
    static final String ALLOCATION = "gc.alloc.rate.norm";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StateCostRunner()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Name what to measure: allocation or time.");
    }

    /** What to run, shared by both measurements. */
    static final class Selection {
        @Option(
                names = "--operations",
                split = ",",
                description = "Operations (default: ${DEFAULT-VALUE}).")
        List<String> operations = OPERATIONS;

        @Option(
                names = "--backends",
                split = ",",
                description = "Backends (default: ${DEFAULT-VALUE}).")
        List<String> backends = List.of("heap", "rocksdb");

        ChainedOptionsBuilder options(Class<?> benchmark) {
            return new OptionsBuilder()
                    .include(benchmark.getName() + "\\.(" + String.join("|", operations) + ")$")
                    .param("backend", backends.toArray(new String[0]))
                    .shouldFailOnError(true);
        }
    }

    /**
     * Bytes allocated per access, one mode per fork, from JMH's GC profiler, over iterations of a
     * fixed number of accesses.
     */
    @Command(
            name = "allocation",
            mixinStandardHelpOptions = true,
            description = "Bytes allocated per access in each mode (JMH -prof gc).")
    static final class Allocation implements Callable<Integer> {
        @Mixin Selection selection;

        @Option(names = "--result", description = "Also write JMH's JSON results to this file.")
        String result;

        @Option(names = "--forks", description = "Forks per cell (default: ${DEFAULT-VALUE}).")
        int forks = 1;

        @Option(names = "--warmup", description = "Warm-up iterations (default: ${DEFAULT-VALUE}).")
        int warmup = 6;

        @Option(
                names = "--iterations",
                description = "Measurement iterations (default: ${DEFAULT-VALUE}).")
        int iterations = 5;

        @Option(
                names = "--batch",
                description =
                        "Accesses per iteration, the same in every mode (default:"
                                + " ${DEFAULT-VALUE}).")
        int batch = 4 * StateFixture.KEYS;

        @Option(
                names = "--jvm-args",
                split = " ",
                description =
                        "Extra flags for the forked JVMs, e.g. -XX:-DoEscapeAnalysis to see every"
                                + " allocation the code asks for.")
        List<String> jvmArgs = List.of();

        @Option(
                names = "--modes",
                split = ",",
                description = "Modes, RAW first (default: ${DEFAULT-VALUE}).")
        List<Mode> modes =
                List.of(
                        Mode.RAW,
                        Mode.INSTRUMENTED,
                        Mode.INSTRUMENTED_UNSAMPLED,
                        Mode.LATENCY_TRACKING);

        @Override
        public Integer call() throws RunnerException {
            ChainedOptionsBuilder options = selection.options(StateAccessBenchmark.class);
            if (result != null) {
                options.result(result).resultFormat(ResultFormatType.JSON);
            }
            if (!jvmArgs.isEmpty()) {
                // This replaces the benchmark's own jvmArgsAppend, so it repeats its heap size.
                List<String> append = new ArrayList<>(List.of("-Xmx4g"));
                append.addAll(jvmArgs);
                options.jvmArgsAppend(append.toArray(new String[0]));
            }
            Collection<RunResult> results =
                    new Runner(
                                    options.param(
                                                    "mode",
                                                    modes.stream()
                                                            .map(Mode::name)
                                                            .toArray(String[]::new))
                                            .addProfiler(GCProfiler.class)
                                            // A fixed number of accesses per iteration: lists
                                            // grow alike in every mode.
                                            .mode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
                                            .forks(forks)
                                            .warmupIterations(warmup)
                                            .warmupBatchSize(batch)
                                            .measurementIterations(iterations)
                                            .measurementBatchSize(batch)
                                            .build())
                            .run();
            Map<String, Map<Mode, double[]>> cells = new LinkedHashMap<>();
            for (RunResult run : results) {
                // In single-shot mode JMH's operation is the whole batch.
                double[] perIteration =
                        run.getBenchmarkResults().stream()
                                .flatMap(fork -> fork.getIterationResults().stream())
                                .mapToDouble(
                                        iteration ->
                                                iteration
                                                                .getSecondaryResults()
                                                                .get(ALLOCATION)
                                                                .getScore()
                                                        / batch)
                                .toArray();
                cells.computeIfAbsent(cell(run.getParams()), c -> new EnumMap<>(Mode.class))
                        .put(Mode.valueOf(run.getParams().getParam("mode")), perIteration);
            }
            System.out.println();
            System.out.println(
                    "Bytes allocated per access: median over "
                            + forks * iterations
                            + " iterations of "
                            + batch
                            + " accesses; difference to raw: median over iterations of the"
                            + " difference between iterations that made the same accesses:");
            System.out.println();
            StringBuilder header = new StringBuilder("| operation | backend | raw (B/op) |");
            StringBuilder rule = new StringBuilder("| --- | --- | ---: |");
            for (Mode mode : modes.subList(1, modes.size())) {
                header.append(' ').append(label(mode)).append(" (B/op) | − raw |");
                rule.append(" ---: | ---: |");
            }
            System.out.println(header);
            System.out.println(rule);
            for (String cell : ordered(cells.keySet(), selection)) {
                Map<Mode, double[]> byMode = cells.get(cell);
                double[] raw = byMode.get(Mode.RAW);
                StringBuilder row = new StringBuilder("| " + cell.replace(" ", " | ") + " |");
                row.append(String.format(Locale.ROOT, " %.3f |", Ratios.median(raw)));
                for (Mode mode : modes.subList(1, modes.size())) {
                    double[] values = byMode.get(mode);
                    double[] differences = new double[values.length];
                    for (int i = 0; i < values.length; i++) {
                        differences[i] = values[i] - raw[i];
                    }
                    row.append(
                            String.format(
                                    Locale.ROOT,
                                    " %.3f | %+.4f |",
                                    Ratios.median(values),
                                    Ratios.median(differences)));
                }
                System.out.println(row);
            }
            return 0;
        }
    }

    /**
     * Time ratios per fork: every fork is a fresh JVM running {@link InterleavedStateAccess} for
     * one operation and backend; forks of all cells take turns, so that each cell's forks spread
     * over the whole run.
     */
    @Command(
            name = "time",
            mixinStandardHelpOptions = true,
            description = "Instrumented/raw and latency-tracking/raw time ratios per fork.")
    static final class Time implements Callable<Integer> {
        @Mixin Selection selection;

        @Option(names = "--forks", description = "Forks per cell (default: ${DEFAULT-VALUE}).")
        int forks = 6;

        @Option(
                names = "--warmup",
                description = "Warm-up seconds per fork (default: ${DEFAULT-VALUE}).")
        double warmupSeconds = 2;

        @Option(
                names = "--measure",
                description = "Measured seconds per fork (default: ${DEFAULT-VALUE}).")
        double measureSeconds = 6;

        @Option(
                names = "--batch",
                description =
                        "Accesses per batch, a multiple of the sample interval (default:"
                                + " ${DEFAULT-VALUE}).")
        int batch = 1000;

        @Option(
                names = "--target",
                description = "Instrumented/raw target (default: ${DEFAULT-VALUE}).")
        double target = 1.02;

        @Option(
                names = "--settings",
                split = ",",
                description =
                        "key=value settings of the instrumented backend, e.g."
                                + " flinkext.state.metrics.sample-interval=2147483647 to time the"
                                + " unsampled path alone.")
        List<String> settings = List.of();

        @Option(
                names = "--extra-states",
                split = ",",
                description =
                        "Value states added beside the fixture's three, each a cell of its own,"
                                + " e.g. 0,50 to show whether a cost grows with the states a"
                                + " backend holds (default: ${DEFAULT-VALUE}).")
        List<Integer> extraStates = List.of(0);

        private final List<Mode> modes = Arrays.asList(InterleavedStateAccess.MODES);

        @Override
        public Integer call() throws Exception {
            Map<String, List<Map<String, String>>> cells = new LinkedHashMap<>();
            List<String> order = new ArrayList<>();
            for (String operation : selection.operations) {
                for (String backend : selection.backends) {
                    for (int extra : extraStates) {
                        order.add(
                                operation
                                        + " "
                                        + backend
                                        + (extraStates.size() > 1
                                                ? " " + (3 + extra) + " states"
                                                : ""));
                    }
                }
            }
            List<Mode> compared = modes.subList(1, modes.size());
            for (int fork = 1; fork <= forks; fork++) {
                for (String cell : order) {
                    String[] parts = cell.split(" ");
                    int extra =
                            parts.length > 2 ? Integer.parseInt(parts[2]) - 3 : extraStates.get(0);
                    Map<String, String> result = fork(parts[1], parts[0], extra);
                    cells.computeIfAbsent(cell, c -> new ArrayList<>()).add(result);
                    StringBuilder progress =
                            new StringBuilder(
                                    String.format(
                                            Locale.ROOT,
                                            "fork %d/%d %s: %s rounds, raw %s ns/op",
                                            fork,
                                            forks,
                                            cell,
                                            result.get("rounds"),
                                            result.get("ns.RAW")));
                    for (Mode mode : compared) {
                        progress.append(", ")
                                .append(label(mode))
                                .append("/raw ")
                                .append(result.get("ratio." + mode));
                    }
                    System.out.println(progress);
                }
            }
            System.out.println();
            StringBuilder header =
                    new StringBuilder(
                            "| operation | backend |"
                                    + (extraStates.size() > 1 ? " states |" : "")
                                    + " raw (ns/op) |");
            StringBuilder rule =
                    new StringBuilder("| --- | --- |" + (extraStates.size() > 1 ? " ---: |" : ""))
                            .append(" ---: |");
            for (Mode mode : compared) {
                header.append(' ').append(label(mode)).append(" / raw: median [min–max] |");
                rule.append(" ---: |");
            }
            if (compared.contains(Mode.INSTRUMENTED)) {
                header.append(" instrumented ≤ ").append(target).append(" |");
                rule.append(" --- |");
            }
            System.out.println(header);
            System.out.println(rule);
            for (String cell : order) {
                List<Map<String, String>> perFork = cells.get(cell);
                StringBuilder row =
                        new StringBuilder(
                                String.format(
                                        Locale.ROOT,
                                        "| %s | %.1f |",
                                        String.join(" | ", cell.split(" ", 3)),
                                        Ratios.median(column(perFork, "ns.RAW"))));
                for (Mode mode : compared) {
                    row.append(' ')
                            .append(Ratios.spread(column(perFork, "ratio." + mode)))
                            .append(" |");
                }
                if (compared.contains(Mode.INSTRUMENTED)) {
                    row.append(' ')
                            .append(
                                    Ratios.atMost(
                                            column(perFork, "ratio." + Mode.INSTRUMENTED), target))
                            .append(" |");
                }
                System.out.println(row);
            }
            System.out.println();
            System.out.println(
                    "Per-fork ratios ("
                            + compared.stream()
                                    .map(mode -> label(mode) + " / raw")
                                    .collect(Collectors.joining("; "))
                            + "):");
            System.out.println();
            for (String cell : order) {
                List<Map<String, String>> perFork = cells.get(cell);
                System.out.println(
                        "- "
                                + cell
                                + ": "
                                + compared.stream()
                                        .map(mode -> Ratios.list(column(perFork, "ratio." + mode)))
                                        .collect(Collectors.joining("; ")));
            }
            return 0;
        }

        /** Runs one fork in a fresh JVM with this JVM's flags and class path; returns its line. */
        private Map<String, String> fork(String backend, String operation, int extra)
                throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-Xmx4g");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(InterleavedStateAccess.class.getName());
            command.add(backend);
            command.add(operation);
            command.add(String.valueOf(Math.round(warmupSeconds * 1000)));
            command.add(String.valueOf(Math.round(measureSeconds * 1000)));
            command.add(String.valueOf(batch));
            command.add(String.valueOf(extra));
            command.addAll(settings);
            Process process =
                    new ProcessBuilder(command)
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            Map<String, String> result = null;
            try (BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("RESULT ")) {
                        result = new LinkedHashMap<>();
                        for (String pair : line.substring(7).split(" ")) {
                            int eq = pair.indexOf('=');
                            result.put(pair.substring(0, eq), pair.substring(eq + 1));
                        }
                    } else {
                        System.out.println(line);
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || result == null) {
                throw new IllegalStateException(
                        "Fork of " + operation + " on " + backend + " failed with exit " + exit);
            }
            return result;
        }

        private static double[] column(List<Map<String, String>> rows, String key) {
            return rows.stream().mapToDouble(row -> Double.parseDouble(row.get(key))).toArray();
        }
    }

    /** A mode as the tables name it. */
    static String label(Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** "operation backend" of a run. */
    static String cell(BenchmarkParams params) {
        return StateAccessBenchmark.operation(params) + " " + params.getParam("backend");
    }

    /** Cells in the order of the selection's operations, then backends. */
    static List<String> ordered(Collection<String> cells, Selection selection) {
        List<String> ordered = new ArrayList<>();
        for (String operation : selection.operations) {
            for (String backend : selection.backends) {
                String cell = operation + " " + backend;
                if (cells.contains(cell)) {
                    ordered.add(cell);
                }
            }
        }
        return ordered;
    }
}
