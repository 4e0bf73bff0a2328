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

import dev.flinkext.state.rocksdb.BlockCacheWatchOptions;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory;
import dev.flinkext.state.rocksdb.RocksDBProfile;
import dev.flinkext.state.rocksdb.RocksDBProfileOptions;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.contrib.streaming.state.RocksDBNativeMetricOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each RocksDB profile against Flink's defaults on a write-heavy and a read-heavy keyed workload,
 * on a MiniCluster with a small managed-memory budget so that the state does not fit in memory.
 *
 * <p>Every run (one profile on one workload) has a fresh JVM of its own, so that no run inherits
 * another's heap, JIT state, RocksDB threads or a cancelled job; {@code --repeat} rounds run every
 * cell once each, the profiles in an order that rotates between rounds. A profile's ratio in a
 * round is its throughput over the default profile's in the same round; the table gives the median
 * and range of those ratios.
 */
@Command(
        name = "rocksdb-profile-benchmark",
        mixinStandardHelpOptions = true,
        description = "RocksDB profiles vs Flink's defaults on write- and read-heavy workloads.")
public final class RocksDBProfileBenchmark implements Callable<Integer> {

    @Option(names = "--records", description = "Records per run (default: ${DEFAULT-VALUE}).")
    long records = 1_000_000;

    @Option(names = "--keys", description = "Distinct keys (default: ${DEFAULT-VALUE}).")
    long keys = 500_000;

    @Option(
            names = "--value-bytes",
            description = "Bytes per stored value (default: ${DEFAULT-VALUE}).")
    int valueBytes = 200;

    @Option(
            names = "--managed-memory",
            description = "Managed memory of the one slot (default: ${DEFAULT-VALUE}).")
    String managedMemory = "64mb";

    @Option(
            names = "--repeat",
            description = "Rounds, each running every cell once (default: ${DEFAULT-VALUE}).")
    int repeat = 3;

    @Option(
            names = "--in-this-jvm",
            description =
                    "Run every cell in this JVM instead of one JVM per run (quicker, noisier).")
    boolean inThisJvm;

    /** Set on the JVM of one run: run the first workload with the first profile, print it. */
    @Option(names = "--single-run", hidden = true)
    boolean singleRun;

    @Option(
            names = "--workloads",
            split = ",",
            description = "Workloads to run (default: all): ${COMPLETION-CANDIDATES}.")
    List<Workload> workloads = List.of(Workload.values());

    @Option(
            names = "--timeout",
            description =
                    "Seconds after which a run is cancelled and reported as too slow (default:"
                            + " ${DEFAULT-VALUE}).")
    long timeoutSeconds = 120;

    @Option(
            names = "--read-seconds",
            description =
                    "Longest read phase of the read-heavy workload; lookups stop after it"
                            + " (default: ${DEFAULT-VALUE}).")
    long readSeconds = 30;

    @Option(
            names = "--profiles",
            split = ",",
            description =
                    "Profiles to compare with the default (default: all): ${COMPLETION-CANDIDATES}.")
    List<RocksDBProfile> profiles = List.of(RocksDBProfile.values());

    /** What RocksDB said at the end of the last run in this JVM. */
    private RunStats lastStats = RunStats.of(Map.of());

    @Option(
            names = "--conf",
            description =
                    "A configuration entry key=value set in every run (repeatable), e.g. a"
                            + " state.backend.rocksdb.* key to try against the profiles' values.")
    List<String> extraConf = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new RocksDBProfileBenchmark()).execute(args));
    }

    /** The keyed work per record. */
    enum Workload {
        /** Every record overwrites the value of its key. */
        WRITE_HEAVY,
        /**
         * The first {@code keys} records write, every later one reads a key, half of them absent.
         */
        READ_HEAVY
    }

    @Override
    public Integer call() throws Exception {
        if (singleRun) {
            double rate = run(workloads.get(0), profiles.get(0));
            System.out.println("STATS " + lastStats.encode());
            System.out.printf(Locale.ROOT, "RESULT %.1f%n", rate);
            return 0;
        }
        List<RocksDBProfile> compared = new ArrayList<>(List.of(RocksDBProfile.DEFAULT));
        profiles.stream().filter(p -> p != RocksDBProfile.DEFAULT).forEach(compared::add);
        // throughput[workload][profile][round], 0 for a run that did not finish in time
        double[][][] throughput = new double[workloads.size()][compared.size()][repeat];
        RunStats[][][] stats = new RunStats[workloads.size()][compared.size()][repeat];
        for (int round = 0; round < repeat; round++) {
            for (int w = 0; w < workloads.size(); w++) {
                for (int i = 0; i < compared.size(); i++) {
                    int p = (i + round) % compared.size();
                    Workload workload = workloads.get(w);
                    RocksDBProfile profile = compared.get(p);
                    RunStats[] runStats = new RunStats[1];
                    double value =
                            inThisJvm
                                    ? run(workload, profile)
                                    : runInOwnJvm(workload, profile, runStats);
                    if (inThisJvm) {
                        runStats[0] = lastStats;
                    }
                    throughput[w][p][round] = value;
                    stats[w][p][round] = runStats[0];
                    System.out.printf(
                            Locale.ROOT,
                            "round %d/%d %s %s: %,.0f/s%n",
                            round + 1,
                            repeat,
                            label(workload),
                            RocksDBProfileOptions.keyName(profile),
                            value);
                }
            }
        }
        System.out.println();
        System.out.println(
                "| workload | profile | median per second | vs `default` in the same round:"
                        + " median [min–max] | per round |");
        System.out.println("| --- | --- | ---: | ---: | --- |");
        for (int w = 0; w < workloads.size(); w++) {
            for (int p = 0; p < compared.size(); p++) {
                double[] ratios = new double[repeat];
                int finished = 0;
                List<String> perRound = new ArrayList<>();
                for (int round = 0; round < repeat; round++) {
                    double base = throughput[w][0][round];
                    double value = throughput[w][p][round];
                    if (base > 0 && value > 0) {
                        ratios[finished++] = value / base;
                        perRound.add(String.format(Locale.ROOT, "%.2f×", value / base));
                    } else {
                        perRound.add(value > 0 ? "default timed out" : "timed out");
                    }
                }
                double[] done = Arrays.copyOf(ratios, finished);
                double[] measured = Arrays.stream(throughput[w][p]).filter(v -> v > 0).toArray();
                System.out.printf(
                        Locale.ROOT,
                        "| %s | `%s` | %s | %s | %s |%n",
                        label(workloads.get(w)),
                        RocksDBProfileOptions.keyName(compared.get(p)),
                        measured.length == 0
                                ? "–"
                                : String.format(Locale.ROOT, "%,.0f", Ratios.median(measured)),
                        Ratios.spread(done, "%.2f", "×"),
                        String.join(", ", perRound));
            }
        }
        printStatistics(compared, throughput, stats);
        return 0;
    }

    /** One row per run: its rate and what RocksDB's statistics and properties said at its end. */
    private void printStatistics(
            List<RocksDBProfile> compared, double[][][] throughput, RunStats[][][] stats) {
        System.out.println();
        System.out.println("| workload | profile | round | per second | " + RunStats.HEADER + " |");
        System.out.println("| --- | --- | ---: | ---: | " + RunStats.ALIGN + " |");
        for (int w = 0; w < workloads.size(); w++) {
            for (int p = 0; p < compared.size(); p++) {
                for (int round = 0; round < repeat; round++) {
                    RunStats s = stats[w][p][round];
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | `%s` | %d | %,.0f | %s |%n",
                            label(workloads.get(w)),
                            RocksDBProfileOptions.keyName(compared.get(p)),
                            round + 1,
                            throughput[w][p][round],
                            s == null ? RunStats.NONE : s.row());
                }
            }
        }
    }

    private static String label(Workload workload) {
        return workload.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Runs one cell in a fresh JVM with this JVM's flags and class path. */
    private double runInOwnJvm(Workload workload, RocksDBProfile profile, RunStats[] stats)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RocksDBProfileBenchmark.class.getName());
        command.addAll(
                List.of(
                        "--single-run",
                        "--workloads=" + workload,
                        "--profiles=" + profile,
                        "--records=" + records,
                        "--keys=" + keys,
                        "--value-bytes=" + valueBytes,
                        "--managed-memory=" + managedMemory,
                        "--timeout=" + timeoutSeconds,
                        "--read-seconds=" + readSeconds));
        extraConf.forEach(entry -> command.add("--conf=" + entry));
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        double[] result = {-1};
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader out =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String line = out.readLine();
                                        line != null;
                                        line = out.readLine()) {
                                    if (line.startsWith("RESULT ")) {
                                        result[0] = Double.parseDouble(line.substring(7));
                                    } else if (line.startsWith("STATS ")) {
                                        stats[0] = RunStats.decode(line.substring(6));
                                    } else {
                                        System.out.println(line);
                                    }
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
        reader.start();
        // The run cancels itself at the timeout; this only catches a JVM that hangs after that.
        if (!process.waitFor(timeoutSeconds + 120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join();
        if (result[0] < 0) {
            throw new IllegalStateException(
                    "The run of " + workload + " with " + profile + " printed no result");
        }
        return result[0];
    }

    private double run(Workload workload, RocksDBProfile profile) throws Exception {
        Configuration conf = new Configuration();
        conf.set(
                StateBackendOptions.STATE_BACKEND,
                InstrumentedRocksDBStateBackendFactory.class.getName());
        conf.set(RocksDBProfileOptions.PROFILE, RocksDBProfileOptions.keyName(profile));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(managedMemory));
        // What the block cache holds and what the files are, next to the pack's block cache watch.
        conf.set(RocksDBNativeMetricOptions.BLOCK_CACHE_CAPACITY, true);
        conf.set(RocksDBNativeMetricOptions.BLOCK_CACHE_USAGE, true);
        conf.set(RocksDBNativeMetricOptions.BLOCK_CACHE_PINNED_USAGE, true);
        conf.set(RocksDBNativeMetricOptions.MONITOR_NUM_FILES_AT_LEVEL, true);
        conf.set(RocksDBNativeMetricOptions.MONITOR_CUR_SIZE_ALL_MEM_TABLE, true);
        conf.set(RocksDBNativeMetricOptions.ESTIMATE_TABLE_READERS_MEM, true);
        conf.set(BlockCacheWatchOptions.INTERVAL, Duration.ofSeconds(1));
        for (String entry : extraConf) {
            int eq = entry.indexOf('=');
            conf.setString(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        reporter.addToConfiguration(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        long keySpace = keys;
        int bytes = valueBytes;
        DataGeneratorSource<Long> source =
                new DataGeneratorSource<>(i -> i, records, RateLimiterStrategy.noOp(), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "records")
                .keyBy(
                        i ->
                                workload == Workload.READ_HEAVY && i >= keySpace
                                        ? mix(i) % (2 * keySpace)
                                        : mix(i) % keySpace,
                        Types.LONG)
                .process(
                        new Touch(workload, keySpace, bytes, TimeUnit.SECONDS.toNanos(readSeconds)),
                        Types.LONG)
                .sinkTo(new DiscardingSink<>());
        JobClient client = env.executeAsync(workload + " " + profile);
        JobExecutionResult result;
        try {
            result = client.getJobExecutionResult().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException tooSlow) {
            client.cancel().get();
            lastStats = RunStats.of(reporter.getMetricsByGroup());
            System.out.printf(
                    "%s with profile %s did not finish within %d s%n",
                    workload, profile, timeoutSeconds);
            return 0;
        }
        lastStats = RunStats.of(reporter.getMetricsByGroup());
        if (workload == Workload.READ_HEAVY) {
            // Only the lookups count: the load phase before them is the write-heavy workload.
            long reads = result.<Long>getAccumulatorResult(Touch.READS);
            long nanos = result.<Long>getAccumulatorResult(Touch.READ_NANOS);
            return reads * 1e9 / nanos;
        }
        return records * 1000.0 / result.getNetRuntime();
    }

    /** Spreads sequential numbers over the key space (a fixed bijection-like scramble). */
    static long mix(long i) {
        long x = i * 0x9E3779B97F4A7C15L;
        return (x ^ (x >>> 31)) & Long.MAX_VALUE;
    }

    /**
     * Writes or reads one value per record; times the reads. Reads stop after the read budget (the
     * records after it pass without a lookup), so that a run whose lookups crawl still measures its
     * rate instead of running into the timeout.
     */
    static final class Touch extends KeyedProcessFunction<Long, Long, Long> {
        static final String READS = "reads";
        static final String READ_NANOS = "read-nanos";

        private final Workload workload;
        private final long keys;
        private final int bytes;
        private transient ValueState<byte[]> value;
        private transient LongCounter reads;
        private final long readBudgetNanos;
        private transient long firstRead;
        private transient long lastRead;

        Touch(Workload workload, long keys, int bytes, long readBudgetNanos) {
            this.workload = workload;
            this.keys = keys;
            this.bytes = bytes;
            this.readBudgetNanos = readBudgetNanos;
        }

        @Override
        public void open(OpenContext openContext) {
            value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", byte[].class));
            reads = getRuntimeContext().getLongCounter(READS);
        }

        @Override
        public void processElement(Long i, Context ctx, Collector<Long> out) throws Exception {
            if (workload == Workload.WRITE_HEAVY || i < keys) {
                byte[] payload = new byte[bytes];
                payload[0] = (byte) i.longValue();
                value.update(payload);
            } else {
                long now = System.nanoTime();
                if (firstRead == 0) {
                    firstRead = now;
                }
                if (now - firstRead < readBudgetNanos) {
                    value.value();
                    reads.add(1);
                    lastRead = System.nanoTime();
                }
            }
        }

        @Override
        public void close() {
            long elapsed = firstRead == 0 ? 0 : lastRead - firstRead;
            getRuntimeContext().getLongCounter(READ_NANOS).add(elapsed);
        }
    }
}
