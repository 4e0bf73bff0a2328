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

import dev.flinkext.benchmarks.CheckpointRun.Result;
import dev.flinkext.benchmarks.CheckpointRun.Shape;
import dev.flinkext.benchmarks.Ratios.Verdict;
import dev.flinkext.benchmarks.S3RequestLog.Counts;
import dev.flinkext.benchmarks.S3RequestLog.Request;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorage;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.testing.s3proxy.S3ProxyServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The S3 cell of {@link CheckpointStorageBenchmark}: a job of many keyed tasks of small-to-medium
 * state checkpointing to s3proxy (loopback, its own JVM) through Flink's {@code s3://} filesystem
 * ({@code flink-s3-fs-presto}), with Flink's filesystem storage (default 20 KiB inline threshold)
 * and the tiered storage (default budget), and, in a row of its own without a target, the tiered
 * storage with an inline threshold that keeps every task inline. Counted from s3proxy's own request
 * log, per checkpoint: the requests whose key or listing prefix lies in the checkpoint's {@code
 * chk-<n>} directory, and the objects they created; measured from Flink's statistics: the
 * checkpoint's duration.
 */
final class S3Cell {

    /**
     * The storages compared on S3: the targets compare the first two (both with their defaults);
     * the third is the same tiered storage with its inline threshold raised above the largest
     * task's stream, for what the job gives when every task stays inline (no target).
     */
    enum S3Storage {
        FILESYSTEM("`FileSystemCheckpointStorage`", FileSystemCheckpointStorage::new),
        TIERED("tiered", TieredCheckpointStorage::new),
        TIERED_ALL_INLINE(
                "tiered, inline threshold 3 MiB (not the default)",
                dir ->
                        new TieredCheckpointStorage(dir)
                                .with(
                                        TieredCheckpointStorageOptions.INLINE_THRESHOLD,
                                        MemorySize.parse("3mb")));

        final String label;
        final Function<String, CheckpointStorage> create;

        S3Storage(String label, Function<String, CheckpointStorage> create) {
            this.label = label;
            this.create = create;
        }
    }

    /** One storage's runs: per round, the checkpoints' durations and per-checkpoint counts. */
    static final class Runs {
        final List<List<Long>> durations = new ArrayList<>();
        final List<List<Counts>> counts = new ArrayList<>();
        final List<Counts> outside = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        List<Counts> pooledCounts() {
            return counts.stream().flatMap(List::stream).collect(Collectors.toList());
        }
    }

    private final CheckpointStorageBenchmark options;

    S3Cell(CheckpointStorageBenchmark options) {
        this.options = options;
    }

    /** Per task, bytes of state: spread evenly from the smallest to the largest. */
    static long[] taskStates(long smallest, long largest, int tasks) {
        long[] states = new long[tasks];
        for (int i = 0; i < tasks; i++) {
            states[i] = tasks == 1 ? largest : smallest + (largest - smallest) * i / (tasks - 1);
        }
        return states;
    }

    void run(Path workDir) throws Exception {
        if (options.s3TaskState.size() != 2) {
            throw new IllegalArgumentException(
                    "--s3-task-state takes two sizes, the smallest and the largest state per task"
                            + " (e.g. 100kb,2mb), not: "
                            + options.s3TaskState);
        }
        long[] states =
                taskStates(
                        MemorySize.parse(options.s3TaskState.get(0)).getBytes(),
                        MemorySize.parse(options.s3TaskState.get(1)).getBytes(),
                        options.s3Parallelism);
        int[] valueBytes = new int[states.length];
        for (int i = 0; i < states.length; i++) {
            valueBytes[i] = Math.toIntExact(Math.max(1, states[i] / options.s3KeysPerTask));
        }
        Shape shape =
                new Shape(options.s3Parallelism, options.s3KeysPerTask, valueBytes, options.s3Rate);
        Map<S3Storage, Runs> runs = new EnumMap<>(S3Storage.class);
        try (S3ProxyServer s3 = CheckpointStorageBenchmark.startS3(workDir)) {
            for (int round = 0; round < options.rounds; round++) {
                List<S3Storage> order = new ArrayList<>(List.of(S3Storage.values()));
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (S3Storage storage : order) {
                    measure(
                            s3,
                            storage,
                            shape,
                            round,
                            runs.computeIfAbsent(storage, s -> new Runs()));
                }
            }
        } finally {
            FileSystem.initialize(new Configuration(), null);
        }
        print(states, runs);
    }

    private void measure(S3ProxyServer s3, S3Storage storage, Shape shape, int round, Runs runs)
            throws Exception {
        String prefix = "r" + (round + 1) + "-" + storage.name().toLowerCase(Locale.ROOT) + "/";
        long offset = S3RequestLog.end(s3.requestLog());
        Result result =
                CheckpointRun.run(
                        storage.create.apply(s3.uri(prefix + "checkpoints").toString()),
                        shape,
                        options.checkpoints,
                        s3.flinkConfiguration());
        List<Request> requests = S3RequestLog.read(s3.requestLog(), offset);
        Map<Long, Counts> perCheckpoint = S3RequestLog.perCheckpoint(requests, s3.bucket(), prefix);
        // The last measured checkpoint is discarded at the job's end, not subsumed by the next.
        List<Long> ids = result.checkpointIds();
        List<Counts> counts = new ArrayList<>();
        for (Long id : ids.subList(0, Math.max(0, ids.size() - 1))) {
            counts.add(perCheckpoint.getOrDefault(id, S3RequestLog.count(List.of())));
        }
        runs.durations.add(result.durations());
        runs.counts.add(counts);
        runs.outside.add(S3RequestLog.outsideCheckpoints(requests, s3.bucket(), prefix));
        if (result.failure() != null) {
            runs.failures.add(result.failure());
        }
        System.out.printf(
                Locale.ROOT,
                "  round %d s3 %-32s: %d checkpoints, p50 %.0f ms, requests per checkpoint %s,"
                        + " objects created %s, requests logged in the run %d%n",
                round + 1,
                storage.label,
                result.durations().size(),
                CheckpointStorageBenchmark.percentile(result.durations(), 50),
                counts.stream()
                        .map(c -> String.valueOf(c.requests()))
                        .collect(Collectors.joining(",")),
                counts.stream()
                        .map(c -> String.valueOf(c.objectsCreated()))
                        .collect(Collectors.joining(",")),
                requests.size());
    }

    private void print(long[] states, Map<S3Storage, Runs> runs) {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "S3 cell: parallelism %d, state per task %s (%d keys each), %d measured checkpoints"
                        + " per run, %d rounds%n%n",
                options.s3Parallelism,
                java.util.Arrays.stream(states)
                        .mapToObj(CheckpointStorageBenchmark::human)
                        .collect(Collectors.joining(", ")),
                options.s3KeysPerTask,
                options.checkpoints,
                options.rounds);
        System.out.println(
                "| storage | objects created / checkpoint | requests / checkpoint | requests by"
                        + " method | other requests / run | p50 ms | p90 ms | p50 / filesystem,"
                        + " per round: median [min–max] |");
        System.out.println("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        for (Map.Entry<S3Storage, Runs> entry : runs.entrySet()) {
            Runs r = entry.getValue();
            List<Counts> pooled = r.pooledCounts();
            List<Long> durations =
                    r.durations.stream().flatMap(List::stream).collect(Collectors.toList());
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %.0f | %.0f | %s |%s%n",
                    entry.getKey().label,
                    exact(pooled.stream().mapToDouble(Counts::objectsCreated).toArray()),
                    exact(pooled.stream().mapToDouble(Counts::requests).toArray()),
                    byMethod(pooled),
                    exact(r.outside.stream().mapToDouble(Counts::requests).toArray()),
                    CheckpointStorageBenchmark.percentile(durations, 50),
                    CheckpointStorageBenchmark.percentile(durations, 90),
                    Ratios.spread(durationRatios(runs, entry.getKey()), "%.2f", "×"),
                    r.failures.isEmpty() ? "" : " failures: " + r.failures);
        }
        System.out.println();
        double[] fsRequests = medians(runs.get(S3Storage.FILESYSTEM));
        double[] tieredRequests = medians(runs.get(S3Storage.TIERED));
        double[] requestRatios = new double[Math.min(fsRequests.length, tieredRequests.length)];
        for (int i = 0; i < requestRatios.length; i++) {
            requestRatios[i] = fsRequests[i] / tieredRequests[i];
        }
        Verdict requests = Ratios.atLeast(requestRatios, options.targetS3Requests);
        Verdict duration = Ratios.atMost(durationRatios(runs, S3Storage.TIERED), 1.0);
        System.out.printf(
                Locale.ROOT,
                "| target | measured | per round | verdict |%n| --- | ---: | --- | --- |%n"
                        + "| requests per checkpoint, filesystem / tiered ≥ %s | %s / %s = %s |"
                        + " %s | %s |%n"
                        + "| duration (p50), tiered / filesystem ≤ 1.00 | %s | %s | %s |%n%n",
                options.targetS3Requests,
                exact(pooledRequests(runs.get(S3Storage.FILESYSTEM))),
                exact(pooledRequests(runs.get(S3Storage.TIERED))),
                Ratios.spread(requestRatios, "%.2f", "×"),
                Ratios.list(requestRatios, "%.2f"),
                requests,
                Ratios.spread(durationRatios(runs, S3Storage.TIERED)),
                Ratios.list(durationRatios(runs, S3Storage.TIERED)),
                duration);
        Runs allInline = runs.get(S3Storage.TIERED_ALL_INLINE);
        if (allInline != null) {
            double[] inline = medians(allInline);
            double[] ratios = new double[Math.min(fsRequests.length, inline.length)];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = fsRequests[i] / inline[i];
            }
            System.out.printf(
                    Locale.ROOT,
                    "| (no target) requests per checkpoint, filesystem / %s | %s / %s = %s | %s |"
                            + " – |%n"
                            + "| (no target) duration (p50), %s / filesystem | %s | %s | – |%n%n",
                    S3Storage.TIERED_ALL_INLINE.label,
                    exact(pooledRequests(runs.get(S3Storage.FILESYSTEM))),
                    exact(pooledRequests(allInline)),
                    Ratios.spread(ratios, "%.2f", "×"),
                    Ratios.list(ratios, "%.2f"),
                    S3Storage.TIERED_ALL_INLINE.label,
                    Ratios.spread(durationRatios(runs, S3Storage.TIERED_ALL_INLINE)),
                    Ratios.list(durationRatios(runs, S3Storage.TIERED_ALL_INLINE)));
        }
    }

    private static double[] pooledRequests(Runs runs) {
        return runs.pooledCounts().stream().mapToDouble(Counts::requests).toArray();
    }

    /** Per round, the median requests per checkpoint. */
    private static double[] medians(Runs runs) {
        return runs.counts.stream()
                .mapToDouble(c -> Ratios.median(c.stream().mapToDouble(Counts::requests).toArray()))
                .filter(Double::isFinite)
                .toArray();
    }

    /** Per round, {@code storage}'s p50 over the filesystem storage's. */
    private static double[] durationRatios(Map<S3Storage, Runs> runs, S3Storage storage) {
        List<List<Long>> fs = runs.get(S3Storage.FILESYSTEM).durations;
        List<List<Long>> tiered = runs.get(storage).durations;
        double[] ratios = new double[Math.min(fs.size(), tiered.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] =
                    CheckpointStorageBenchmark.percentile(tiered.get(i), 50)
                            / CheckpointStorageBenchmark.percentile(fs.get(i), 50);
        }
        return CheckpointStorageBenchmark.finite(ratios);
    }

    /** "N" when every value is N, else "median [min–max]". */
    static String exact(double[] values) {
        if (values.length == 0) {
            return "–";
        }
        if (Ratios.min(values) == Ratios.max(values)) {
            return String.format(Locale.ROOT, "%.0f", values[0]);
        }
        return Ratios.spread(values, "%.0f", "");
    }

    /** Requests per checkpoint by method, e.g. "PUT 9, HEAD 18" (medians if they vary). */
    private static String byMethod(List<Counts> counts) {
        Map<String, List<Integer>> byMethod = new TreeMap<>();
        for (Counts c : counts) {
            c.byMethod().keySet().forEach(m -> byMethod.putIfAbsent(m, new ArrayList<>()));
        }
        for (Counts c : counts) {
            byMethod.forEach((m, list) -> list.add(c.byMethod().getOrDefault(m, 0)));
        }
        return byMethod.entrySet().stream()
                .map(
                        e ->
                                e.getKey()
                                        + " "
                                        + exact(
                                                e.getValue().stream()
                                                        .mapToDouble(Integer::doubleValue)
                                                        .toArray()))
                .collect(Collectors.joining(", "));
    }
}
