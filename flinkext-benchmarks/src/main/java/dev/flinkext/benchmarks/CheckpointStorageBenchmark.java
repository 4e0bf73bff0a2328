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

import dev.flinkext.checkpoint.tiered.TieredCheckpointStats;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorage;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FileUtils;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Checkpoint duration and bytes written by the tiered storage against Flink's filesystem and
 * JobManager storages, on one job (heap state, every value rewritten continuously), for small state
 * (fits JobManager storage) and large state; and what the archive tier adds. Storages take turns in
 * each round, so that they share the machine's ups and downs. The disk's sequential write rate
 * (fsync'd) gives the floor for a full checkpoint of the large state.
 */
@Command(
        name = "checkpoint-storage-benchmark",
        mixinStandardHelpOptions = true,
        description = "Tiered checkpoint storage vs Flink's filesystem and JobManager storages.")
public final class CheckpointStorageBenchmark implements Callable<Integer> {

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
    int rounds = 2;

    @Option(
            names = "--rate",
            description = "Records per second, each rewriting one key (default: ${DEFAULT-VALUE}).")
    int rate = 20_000;

    @Option(names = "--dir", description = "Where checkpoints go (default: a temp directory).")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CheckpointStorageBenchmark()).execute(args));
    }

    /** The storages compared. */
    enum Storage {
        JOBMANAGER("JobManagerCheckpointStorage", (dirs) -> new JobManagerCheckpointStorage()),
        FILESYSTEM(
                "FileSystemCheckpointStorage",
                dirs -> new FileSystemCheckpointStorage(dirs.checkpoints)),
        TIERED("TieredCheckpointStorage", dirs -> new TieredCheckpointStorage(dirs.checkpoints)),
        TIERED_ARCHIVE_EVERY_10(
                "Tiered + archive (every 10th)",
                dirs ->
                        new TieredCheckpointStorage(dirs.checkpoints)
                                .withArchive(dirs.archive)
                                .with(
                                        TieredCheckpointStorageOptions.ARCHIVE_EVERY_N_CHECKPOINTS,
                                        10)),
        TIERED_ARCHIVE_EVERY(
                "Tiered + archive (every ckpt)",
                dirs -> new TieredCheckpointStorage(dirs.checkpoints).withArchive(dirs.archive));

        final String label;
        final Function<Dirs, CheckpointStorage> create;

        Storage(String label, Function<Dirs, CheckpointStorage> create) {
            this.label = label;
            this.create = create;
        }
    }

    record Dirs(String checkpoints, String archive) {}

    /** What one storage measured at one state size, pooled over rounds. */
    static final class Cell {
        final List<Long> durations = new ArrayList<>();
        long bytesWritten;
        long checkpointsMeasured;
        long stateSize;
        long archives;
        String failure;
    }

    @Override
    public Integer call() throws Exception {
        Path root = dir != null ? dir : Files.createTempDirectory("flinkext-ckpt-bench");
        double diskRate = sequentialWriteRate(root);
        Map<Storage, Cell> small = new EnumMap<>(Storage.class);
        Map<Storage, Cell> large = new EnumMap<>(Storage.class);
        long smallBytes = MemorySize.parse(smallState).getBytes();
        long largeBytes = MemorySize.parse(largeState).getBytes();
        for (int round = 0; round < rounds; round++) {
            // Odd rounds run the storages in reverse order, so that none always goes first.
            List<Storage> order = new ArrayList<>(List.of(Storage.values()));
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Storage storage : order) {
                measure(root, storage, smallBytes, small);
                if (storage != Storage.JOBMANAGER) {
                    measure(root, storage, largeBytes, large);
                }
            }
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "disk sequential write (fsync'd): %.0f MiB/s; floor for a full checkpoint of %s:"
                        + " %.0f ms%n%n",
                diskRate / (1 << 20),
                largeState,
                largeBytes / diskRate * 1000);
        print("small state " + smallState, small, Storage.JOBMANAGER);
        print("large state " + largeState, large, Storage.FILESYSTEM);
        System.out.printf(
                Locale.ROOT,
                "%nTargets: tiered/filesystem p50 on large state %.2fx (<= 1.05),"
                        + " tiered/jobmanager p50 on small state %.2fx (<= 1.10),"
                        + " archive every 10th adds %+.1f%% (small) %+.1f%% (large) to p50 (<= 5%%),"
                        + " every checkpoint %+.1f%% (small) %+.1f%% (large).%n",
                ratio(large, Storage.TIERED, Storage.FILESYSTEM),
                ratio(small, Storage.TIERED, Storage.JOBMANAGER),
                (ratio(small, Storage.TIERED_ARCHIVE_EVERY_10, Storage.TIERED) - 1) * 100,
                (ratio(large, Storage.TIERED_ARCHIVE_EVERY_10, Storage.TIERED) - 1) * 100,
                (ratio(small, Storage.TIERED_ARCHIVE_EVERY, Storage.TIERED) - 1) * 100,
                (ratio(large, Storage.TIERED_ARCHIVE_EVERY, Storage.TIERED) - 1) * 100);
        if (dir == null) {
            FileUtils.deleteDirectory(root.toFile());
        }
        return 0;
    }

    private static double ratio(Map<Storage, Cell> cells, Storage a, Storage b) {
        return percentile(cells.get(a).durations, 50) / percentile(cells.get(b).durations, 50);
    }

    private static void print(String title, Map<Storage, Cell> cells, Storage baseline) {
        System.out.println(title);
        System.out.printf(
                Locale.ROOT,
                "%-30s | %9s | %9s | %8s | %14s | %12s | %8s%n",
                "storage",
                "p50 ms",
                "p90 ms",
                "checkpts",
                "written/ckpt",
                "state",
                "vs " + baseline.name().toLowerCase(Locale.ROOT));
        double base = percentile(cells.get(baseline).durations, 50);
        for (Map.Entry<Storage, Cell> entry : cells.entrySet()) {
            Cell cell = entry.getValue();
            if (cell.failure != null) {
                System.out.printf(
                        Locale.ROOT, "%-30s | failed: %s%n", entry.getKey().label, cell.failure);
                continue;
            }
            double p50 = percentile(cell.durations, 50);
            System.out.printf(
                    Locale.ROOT,
                    "%-30s | %9.0f | %9.0f | %8d | %14s | %12s | %7.2fx%s%n",
                    entry.getKey().label,
                    p50,
                    percentile(cell.durations, 90),
                    cell.checkpointsMeasured,
                    human(
                            cell.checkpointsMeasured == 0
                                    ? 0
                                    : cell.bytesWritten / cell.checkpointsMeasured),
                    human(cell.stateSize),
                    p50 / base,
                    cell.archives > 0 ? "  (" + cell.archives + " archives)" : "");
        }
        System.out.println();
    }

    private static String human(long bytes) {
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

    private void measure(Path root, Storage storage, long stateBytes, Map<Storage, Cell> cells)
            throws Exception {
        Cell cell = cells.computeIfAbsent(storage, s -> new Cell());
        // Start every run with no dirty pages of the previous one still being written back.
        flushDirtyPages();
        Path runDir = Files.createTempDirectory(root, storage.name().toLowerCase(Locale.ROOT));
        Dirs dirs =
                new Dirs(
                        runDir.resolve("checkpoints").toUri().toString(),
                        runDir.resolve("archive").toUri().toString());
        long keys = Math.max(1, stateBytes / valueBytes);
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(16));
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(1)
                                .build())) {
            cluster.start();
            Configuration jobConf = new Configuration();
            jobConf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            jobConf.set(
                    CheckpointingOptions.CHECKPOINTING_INTERVAL, java.time.Duration.ofMillis(500));
            jobConf.set(
                    CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
                    java.time.Duration.ofMillis(200));
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(jobConf);
            env.setParallelism(1);
            env.setStateBackend(new HashMapStateBackend());
            env.getCheckpointConfig().setCheckpointStorage(storage.create.apply(dirs));
            int bytes = valueBytes;
            env.fromSource(
                            new DataGeneratorSource<>(
                                    i -> i,
                                    Long.MAX_VALUE,
                                    RateLimiterStrategy.perSecond(Math.max(rate, keys / 4.0)),
                                    Types.LONG),
                            WatermarkStrategy.noWatermarks(),
                            "records")
                    .keyBy(i -> i % keys, Types.LONG)
                    .process(new Rewrite(bytes), Types.LONG)
                    .sinkTo(new DiscardingSink<>());
            JobID id = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();

            // Measure checkpoints that start once every key holds its value.
            long firstMeasured = -1;
            long writtenAtStart = 0;
            int measured = 0;
            while (true) {
                Thread.sleep(100);
                AccessExecutionGraph graph = cluster.getExecutionGraph(id).get();
                if (graph.getState().isGloballyTerminalState()) {
                    cell.failure = failureOf(graph);
                    break;
                }
                var history = graph.getCheckpointStatsSnapshot().getHistory().getCheckpoints();
                if (firstMeasured < 0) {
                    for (AbstractCheckpointStats stats : history) {
                        if (stats.getStatus() == CheckpointStatsStatus.COMPLETED
                                && stats.getStateSize() >= keys * (long) valueBytes) {
                            firstMeasured = stats.getCheckpointId() + 1;
                            writtenAtStart = writtenBytes();
                        }
                    }
                    continue;
                }
                List<AbstractCheckpointStats> done = new ArrayList<>();
                for (AbstractCheckpointStats stats : history) {
                    if (stats.getCheckpointId() >= firstMeasured
                            && stats.getStatus() == CheckpointStatsStatus.COMPLETED) {
                        done.add(stats);
                    }
                }
                if (done.size() >= checkpoints) {
                    long written = writtenBytes() - writtenAtStart;
                    for (AbstractCheckpointStats stats : done) {
                        cell.durations.add(stats.getEndToEndDuration());
                        cell.stateSize = stats.getStateSize();
                    }
                    measured = done.size();
                    cell.checkpointsMeasured += measured;
                    cell.bytesWritten += written;
                    cell.archives +=
                            TieredCheckpointStats.of(id)
                                    .map(TieredCheckpointStats::getArchivesCompleted)
                                    .orElse(0L);
                    break;
                }
            }
            if (!graph(cluster, id).getState().isGloballyTerminalState()) {
                cluster.cancelJob(id).get();
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %-30s %8s: %d checkpoints measured%s%n",
                    storage.label,
                    human(keys * (long) valueBytes),
                    measured,
                    cell.failure == null ? "" : " (failed: " + cell.failure + ")");
        } finally {
            FileUtils.deleteDirectory(runDir.toFile());
        }
    }

    private static AccessExecutionGraph graph(MiniCluster cluster, JobID id) throws Exception {
        return cluster.getExecutionGraph(id).get();
    }

    private static String failureOf(AccessExecutionGraph graph) {
        return graph.getState() == JobStatus.FAILED && graph.getFailureInfo() != null
                ? graph.getFailureInfo().getExceptionAsString().lines().findFirst().orElse("")
                : graph.getState().name();
    }

    private static void flushDirtyPages() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException e) {
            // no sync command: runs may then pay for their predecessors' write-back
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** Writes 256 MiB in 1 MiB blocks and forces them to disk: bytes per second. */
    static double sequentialWriteRate(Path dir) throws IOException {
        Path file = dir.resolve("disk-rate.bin");
        ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
        byte[] random = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(random);
        block.put(random).flip();
        long total = 256L << 20;
        long start = System.nanoTime();
        try (FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < total; written += 1 << 20) {
                block.rewind();
                while (block.hasRemaining()) {
                    channel.write(block);
                }
            }
            channel.force(true);
        } finally {
            Files.deleteIfExists(file);
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /** Rewrites its key's value with fresh random bytes on every record. */
    static final class Rewrite extends KeyedProcessFunction<Long, Long, Long> {
        private final int bytes;
        private transient ValueState<byte[]> value;
        private transient SplittableRandom random;

        Rewrite(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void open(OpenContext openContext) {
            value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", byte[].class));
            random =
                    new SplittableRandom(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        }

        @Override
        public void processElement(Long record, Context ctx, Collector<Long> out) throws Exception {
            byte[] fresh = new byte[bytes];
            random.nextBytes(fresh);
            value.update(fresh);
        }
    }
}
