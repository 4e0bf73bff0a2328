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

import dev.flinkext.benchmarks.CheckpointFloor.Floor;
import dev.flinkext.benchmarks.CheckpointRun.Result;
import dev.flinkext.benchmarks.CheckpointRun.Shape;
import dev.flinkext.benchmarks.Ratios.Verdict;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorage;
import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;
import dev.flinkext.testing.s3proxy.S3ProxyServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.util.FileUtils;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checkpoint duration of the tiered storage against Flink's filesystem and JobManager storages, on
 * one job (heap state, every value rewritten continuously) for small state (fits JobManager
 * storage) and large state, and what the archive tier adds; each against a floor measured in the
 * same run ({@link CheckpointFloor}). Every run is a fresh MiniCluster; the storages take turns in
 * each round (A B C D, then D C B A), and each comparison is the median and range of its per-round
 * ratios, with a verdict per target. The S3 cell runs a job of many small-to-medium tasks against
 * s3proxy and counts the files created and the requests the server received per checkpoint.
 */
@Command(
        name = "checkpoint-storage-benchmark",
        mixinStandardHelpOptions = true,
        description = "Tiered checkpoint storage vs Flink's filesystem and JobManager storages.")
public final class CheckpointStorageBenchmark implements Callable<Integer> {

    /** The parts of the benchmark. */
    enum Cell {
        /** Local disk: small and large state, every storage, with the floor. */
        LOCAL,
        /** S3 protocol (s3proxy on loopback): many tasks of small-to-medium state. */
        S3
    }

    @Option(
            names = "--cells",
            split = ",",
            description = "Parts to run (default: ${DEFAULT-VALUE}): ${COMPLETION-CANDIDATES}.")
    Set<Cell> cells = EnumSet.allOf(Cell.class);

    @Option(names = "--small-state", description = "Small state (default: ${DEFAULT-VALUE}).")
    String smallState = "512kb";

    @Option(names = "--large-state", description = "Large state (default: ${DEFAULT-VALUE}).")
    String largeState = "128mb";

    @Option(names = "--value-bytes", description = "Bytes per key (default: ${DEFAULT-VALUE}).")
    int valueBytes = 1024;

    @Option(
            names = "--checkpoints",
            description = "Measured checkpoints per run (default: ${DEFAULT-VALUE}).")
    int checkpoints = 20;

    @Option(names = "--rounds", description = "Rounds of all runs (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(
            names = "--rate",
            description = "Records per second, each rewriting one key (default: ${DEFAULT-VALUE}).")
    int rate = 20_000;

    @Option(
            names = "--floor-repetitions",
            description =
                    "Floor measurements per state size and round (default: ${DEFAULT-VALUE}).")
    int floorRepetitions = 5;

    @Option(
            names = "--s3-parallelism",
            description = "Keyed tasks of the S3 cell's job (default: ${DEFAULT-VALUE}).")
    int s3Parallelism = 8;

    @Option(
            names = "--s3-task-state",
            split = ",",
            description =
                    "Smallest and largest state per task in the S3 cell, spread evenly over the"
                            + " tasks (default: ${DEFAULT-VALUE}).")
    List<String> s3TaskState = List.of("100kb", "2mb");

    @Option(
            names = "--s3-keys-per-task",
            description = "Keys per task in the S3 cell (default: ${DEFAULT-VALUE}).")
    int s3KeysPerTask = 100;

    @Option(
            names = "--s3-rate",
            description = "Records per second in the S3 cell (default: ${DEFAULT-VALUE}).")
    int s3Rate = 1_000;

    @Option(names = "--dir", description = "Where checkpoints go (default: a temp directory).")
    Path dir;

    @Option(
            names = "--target-tiered-vs-filesystem",
            description = "Large state, tiered/filesystem p50 (default: ${DEFAULT-VALUE}).")
    double targetTieredVsFilesystem = 1.05;

    @Option(
            names = "--target-tiered-vs-jobmanager",
            description = "Small state, tiered/JobManager p50 (default: ${DEFAULT-VALUE}).")
    double targetTieredVsJobManager = 1.10;

    @Option(
            names = "--target-archive",
            description = "Tiered + archive every 10th / tiered p50 (default: ${DEFAULT-VALUE}).")
    double targetArchive = 1.05;

    @Option(
            names = "--target-s3-requests",
            description =
                    "S3 requests per checkpoint, filesystem / tiered, at least (default:"
                            + " ${DEFAULT-VALUE}).")
    double targetS3Requests = 5;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CheckpointStorageBenchmark()).execute(args));
    }

    /** The storages compared. */
    enum Storage {
        JOBMANAGER("`JobManagerCheckpointStorage`", dirs -> new JobManagerCheckpointStorage()),
        FILESYSTEM(
                "`FileSystemCheckpointStorage`",
                dirs -> new FileSystemCheckpointStorage(dirs.checkpoints)),
        TIERED("tiered", dirs -> new TieredCheckpointStorage(dirs.checkpoints)),
        TIERED_ARCHIVE_EVERY_10(
                "tiered + archive every 10th",
                dirs ->
                        new TieredCheckpointStorage(dirs.checkpoints)
                                .withArchive(dirs.archive)
                                .with(ArchiveOptions.ARCHIVE_EVERY_N_CHECKPOINTS, 10)),
        TIERED_ARCHIVE_EVERY(
                "tiered + archive every checkpoint",
                dirs -> new TieredCheckpointStorage(dirs.checkpoints).withArchive(dirs.archive));

        final String label;
        final Function<Dirs, CheckpointStorage> create;

        Storage(String label, Function<Dirs, CheckpointStorage> create) {
            this.label = label;
            this.create = create;
        }
    }

    record Dirs(String checkpoints, String archive) {}

    /** What one storage measured at one state size: one entry per round. */
    static final class Series {
        final List<List<Long>> durations = new ArrayList<>();
        long bytesWritten;
        long checkpointsMeasured;
        long stateSize;
        long archives;
        final List<String> failures = new ArrayList<>();

        List<Long> pooled() {
            return durations.stream().flatMap(List::stream).collect(Collectors.toList());
        }

        /** The p50 of each round's run (NaN for a run that measured nothing). */
        double[] roundP50() {
            return durations.stream().mapToDouble(d -> percentile(d, 50)).toArray();
        }
    }

    @Override
    public Integer call() throws Exception {
        Path root = dir != null ? dir : Files.createTempDirectory("flinkext-ckpt-bench");
        Files.createDirectories(root);
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
        try {
            if (cells.contains(Cell.LOCAL)) {
                local(root);
            }
            if (cells.contains(Cell.S3)) {
                new S3Cell(this).run(root.resolve("s3"));
            }
        } finally {
            if (dir == null) {
                FileUtils.deleteDirectory(root.toFile());
            }
        }
        System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
        return 0;
    }

    // ---------------------------------------------------------------------------- local cells

    private void local(Path root) throws Exception {
        long smallBytes = MemorySize.parse(smallState).getBytes();
        long largeBytes = MemorySize.parse(largeState).getBytes();
        long smallKeys = Math.max(1, smallBytes / valueBytes);
        long largeKeys = Math.max(1, largeBytes / valueBytes);
        Map<Storage, Series> small = new EnumMap<>(Storage.class);
        Map<Storage, Series> large = new EnumMap<>(Storage.class);
        List<Floor> smallFloors = new ArrayList<>();
        List<Floor> largeFloors = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            smallFloors.add(floor(root, smallKeys));
            largeFloors.add(floor(root, largeKeys));
            System.out.printf(
                    Locale.ROOT,
                    "round %d/%d floor: small %.1f + %.1f ms, large %.1f + %.1f ms%n",
                    round + 1,
                    rounds,
                    smallFloors.get(round).serializeMillis(),
                    smallFloors.get(round).writeMillis(),
                    largeFloors.get(round).serializeMillis(),
                    largeFloors.get(round).writeMillis());
            // Odd rounds run the storages in reverse order, so that none always goes first.
            List<Storage> order = new ArrayList<>(List.of(Storage.values()));
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Storage storage : order) {
                measure(root, storage, smallKeys, small, round);
                if (storage != Storage.JOBMANAGER) {
                    measure(root, storage, largeKeys, large, round);
                }
            }
        }
        System.out.println();
        printFloors(List.of(smallState, largeState), List.of(smallFloors, largeFloors));
        System.out.println(
                "| state | storage | p50 ms | p90 ms | checkpoints | written/ckpt"
                        + " | p50 / floor, per round: median [min–max] | p50 / baseline, per round:"
                        + " median [min–max] |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        printRows(smallState, small, Storage.JOBMANAGER, smallFloors);
        printRows(largeState, large, Storage.FILESYSTEM, largeFloors);
        System.out.println();
        System.out.println("| target | per round: median [min–max] | per round | verdict |");
        System.out.println("| --- | ---: | --- | --- |");
        target(
                "large state: tiered / filesystem ≤ " + targetTieredVsFilesystem,
                ratios(large, Storage.TIERED, Storage.FILESYSTEM),
                targetTieredVsFilesystem);
        target(
                "small state: tiered / JobManager ≤ " + targetTieredVsJobManager,
                ratios(small, Storage.TIERED, Storage.JOBMANAGER),
                targetTieredVsJobManager);
        target(
                "small state: archive every 10th / tiered ≤ " + targetArchive,
                ratios(small, Storage.TIERED_ARCHIVE_EVERY_10, Storage.TIERED),
                targetArchive);
        target(
                "large state: archive every 10th / tiered ≤ " + targetArchive,
                ratios(large, Storage.TIERED_ARCHIVE_EVERY_10, Storage.TIERED),
                targetArchive);
        System.out.printf(
                Locale.ROOT,
                "| (no target) small state: archive every checkpoint / tiered | %s | %s | – |%n",
                Ratios.spread(ratios(small, Storage.TIERED_ARCHIVE_EVERY, Storage.TIERED)),
                Ratios.list(ratios(small, Storage.TIERED_ARCHIVE_EVERY, Storage.TIERED)));
        System.out.printf(
                Locale.ROOT,
                "| (no target) large state: archive every checkpoint / tiered | %s | %s | – |%n",
                Ratios.spread(ratios(large, Storage.TIERED_ARCHIVE_EVERY, Storage.TIERED)),
                Ratios.list(ratios(large, Storage.TIERED_ARCHIVE_EVERY, Storage.TIERED)));
        System.out.println();
    }

    private Floor floor(Path root, long keys) throws Exception {
        Path floorDir = Files.createTempDirectory(root, "floor");
        try {
            return CheckpointFloor.measure(keys, valueBytes, floorDir, floorRepetitions);
        } finally {
            FileUtils.deleteDirectory(floorDir.toFile());
        }
    }

    private static void printFloors(List<String> states, List<List<Floor>> floors) {
        System.out.println(
                "| state | serialized bytes | serialize (heap snapshot to a discarding stream) ms"
                        + " | write (Flink's file stream, no fsync) ms | floor ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < states.size(); i++) {
            List<Floor> perRound = floors.get(i);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    states.get(i),
                    human(perRound.get(0).bytes()),
                    Ratios.spread(
                            perRound.stream().mapToDouble(Floor::serializeMillis).toArray(),
                            "%.1f",
                            ""),
                    Ratios.spread(
                            perRound.stream().mapToDouble(Floor::writeMillis).toArray(),
                            "%.1f",
                            ""),
                    Ratios.spread(
                            perRound.stream().mapToDouble(Floor::millis).toArray(), "%.1f", ""));
        }
        System.out.println();
    }

    private void printRows(
            String state, Map<Storage, Series> cells, Storage baseline, List<Floor> floors) {
        for (Map.Entry<Storage, Series> entry : cells.entrySet()) {
            Series series = entry.getValue();
            String label = entry.getKey().label + (entry.getKey() == baseline ? " (baseline)" : "");
            List<Long> pooled = series.pooled();
            if (pooled.isEmpty()) {
                System.out.printf(
                        Locale.ROOT, "| %s | %s | failed: %s |%n", state, label, series.failures);
                continue;
            }
            double[] p50 = series.roundP50();
            double[] vsFloor = new double[p50.length];
            for (int r = 0; r < p50.length; r++) {
                vsFloor[r] = p50[r] / floors.get(r).millis();
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %.0f | %.0f | %d | %s | %s | %s |%s%n",
                    state,
                    label,
                    percentile(pooled, 50),
                    percentile(pooled, 90),
                    series.checkpointsMeasured,
                    human(
                            series.checkpointsMeasured == 0
                                    ? 0
                                    : series.bytesWritten / series.checkpointsMeasured),
                    Ratios.spread(finite(vsFloor), "%.2f", "×"),
                    Ratios.spread(finite(ratios(cells, entry.getKey(), baseline)), "%.2f", "×"),
                    (series.archives > 0 ? " " + series.archives + " archives" : "")
                            + (series.failures.isEmpty() ? "" : " failures: " + series.failures));
        }
    }

    private static void target(String what, double[] ratios, double target) {
        double[] measured = finite(ratios);
        Verdict verdict = Ratios.atMost(measured, target);
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %s |%n",
                what,
                Ratios.spread(measured),
                Ratios.list(ratios),
                measured.length < ratios.length ? verdict + " (runs failed)" : verdict);
    }

    /** Per round, the p50 of {@code a} over the p50 of {@code b}. */
    static double[] ratios(Map<Storage, Series> cells, Storage a, Storage b) {
        double[] pa = cells.get(a).roundP50();
        double[] pb = cells.get(b).roundP50();
        double[] ratios = new double[Math.min(pa.length, pb.length)];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = pa[r] / pb[r];
        }
        return ratios;
    }

    static double[] finite(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    private void measure(
            Path root, Storage storage, long keys, Map<Storage, Series> cells, int round)
            throws Exception {
        Series series = cells.computeIfAbsent(storage, s -> new Series());
        // Start every run with no dirty pages of the previous one still being written back.
        flushDirtyPages();
        Path runDir = Files.createTempDirectory(root, storage.name().toLowerCase(Locale.ROOT));
        Dirs dirs =
                new Dirs(
                        runDir.resolve("checkpoints").toUri().toString(),
                        runDir.resolve("archive").toUri().toString());
        try {
            Result result =
                    CheckpointRun.run(
                            storage.create.apply(dirs),
                            Shape.single(keys, valueBytes, Math.max(rate, keys / 4.0)),
                            checkpoints,
                            new Configuration());
            series.durations.add(result.durations());
            series.checkpointsMeasured += result.durations().size();
            series.bytesWritten += result.bytesWritten();
            series.stateSize = Math.max(series.stateSize, result.stateSize());
            series.archives += result.archives();
            if (result.failure() != null) {
                series.failures.add(result.failure());
            }
            System.out.printf(
                    Locale.ROOT,
                    "  round %d %-36s %9s: %d checkpoints, p50 %.0f ms%s%n",
                    round + 1,
                    storage.label,
                    human(keys * (long) valueBytes),
                    result.durations().size(),
                    percentile(result.durations(), 50),
                    result.failure() == null ? "" : " (failed: " + result.failure() + ")");
        } finally {
            FileUtils.deleteDirectory(runDir.toFile());
        }
    }

    // ---------------------------------------------------------------------------- helpers

    static String human(long bytes) {
        return bytes < 1 << 20
                ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    static double percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static void flushDirtyPages() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException e) {
            // no sync command: runs may then pay for their predecessors' write-back
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Bytes this process caused to be written to storage, from /proc (Linux); 0 elsewhere. */
    static long writtenBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    /** Starts s3proxy for the S3 cell; Flink's s3:// filesystem is set up for it meanwhile. */
    static S3ProxyServer startS3(Path dir) throws IOException {
        S3ProxyServer s3 = S3ProxyServer.startLoggingRequests(dir, "flinkext-bench");
        FileSystem.initialize(s3.flinkConfiguration(), null);
        return s3;
    }
}
