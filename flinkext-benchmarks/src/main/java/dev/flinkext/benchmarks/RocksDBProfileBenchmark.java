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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each RocksDB profile against Flink's defaults on a write-heavy and a read-heavy keyed workload,
 * on a MiniCluster with a small managed-memory budget so that the state does not fit in memory.
 * Prints records per second and the ratio to the default profile, measured in the same run.
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
            description = "Runs per cell, best kept (default: ${DEFAULT-VALUE}).")
    int repeat = 1;

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
            names = "--profiles",
            split = ",",
            description =
                    "Profiles to compare with the default (default: all): ${COMPLETION-CANDIDATES}.")
    List<RocksDBProfile> profiles = List.of(RocksDBProfile.values());

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
        List<String> rows = new ArrayList<>();
        rows.add(
                String.format(
                        Locale.ROOT,
                        "%-12s | %-22s | %12s | %8s",
                        "workload",
                        "profile",
                        "records/s",
                        "vs default"));
        for (Workload workload : workloads) {
            double baseline = 0;
            List<RocksDBProfile> compared = new ArrayList<>(List.of(RocksDBProfile.DEFAULT));
            profiles.stream().filter(p -> p != RocksDBProfile.DEFAULT).forEach(compared::add);
            for (RocksDBProfile profile : compared) {
                double best = 0;
                for (int i = 0; i < repeat; i++) {
                    best = Math.max(best, run(workload, profile));
                }
                if (profile == RocksDBProfile.DEFAULT) {
                    baseline = best;
                }
                String row =
                        String.format(
                                Locale.ROOT,
                                "%-12s | %-22s | %,12.0f | %7.2fx",
                                workload.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                                RocksDBProfileOptions.keyName(profile),
                                best,
                                baseline == 0 ? 0 : best / baseline);
                System.out.println(row);
                rows.add(row);
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
        return 0;
    }

    private double run(Workload workload, RocksDBProfile profile) throws Exception {
        Configuration conf = new Configuration();
        conf.set(
                StateBackendOptions.STATE_BACKEND,
                InstrumentedRocksDBStateBackendFactory.class.getName());
        conf.set(RocksDBProfileOptions.PROFILE, RocksDBProfileOptions.keyName(profile));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(managedMemory));
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
                .process(new Touch(workload, keySpace, bytes), Types.LONG)
                .sinkTo(new DiscardingSink<>());
        JobClient client = env.executeAsync(workload + " " + profile);
        JobExecutionResult result;
        try {
            result = client.getJobExecutionResult().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException tooSlow) {
            client.cancel().get();
            System.out.printf(
                    "%s with profile %s did not finish within %d s%n",
                    workload, profile, timeoutSeconds);
            return 0;
        }
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

    /** Writes or reads one value per record; times the reads. */
    static final class Touch extends KeyedProcessFunction<Long, Long, Long> {
        static final String READS = "reads";
        static final String READ_NANOS = "read-nanos";

        private final Workload workload;
        private final long keys;
        private final int bytes;
        private transient ValueState<byte[]> value;
        private transient LongCounter reads;
        private transient long firstRead;

        Touch(Workload workload, long keys, int bytes) {
            this.workload = workload;
            this.keys = keys;
            this.bytes = bytes;
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
                if (firstRead == 0) {
                    firstRead = System.nanoTime();
                }
                value.value();
                reads.add(1);
            }
        }

        @Override
        public void close() {
            long elapsed = firstRead == 0 ? 0 : System.nanoTime() - firstRead;
            getRuntimeContext().getLongCounter(READ_NANOS).add(elapsed);
        }
    }
}
