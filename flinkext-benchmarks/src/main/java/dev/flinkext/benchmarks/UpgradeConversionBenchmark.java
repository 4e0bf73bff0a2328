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

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code flinkext upgrade convert}'s throughput and memory against the floor of copying the same
 * bytes on the same disk, in one run. Flink 1.20 (this JVM) writes a canonical RocksDB savepoint of
 * {@code keys} keys, each a value Flink serializes with Kryo ({@link Blob}); the floor copies the
 * savepoint's files through Flink's filesystem; the conversion runs on the Flink 2.x line (its
 * classpath, {@code flink2/flinkext-tools/target/flinkext-line}) in a JVM of its own with a heap
 * smaller than the savepoint, and its peak resident memory is read from {@code /proc}.
 *
 * <p>Arguments: keys (default 2,000,000), the converter's -Xmx (default 256m), and optionally a
 * folder to keep the savepoint in and take it from on the next run (else a temporary folder,
 * deleted at the end).
 */
public final class UpgradeConversionBenchmark {

    private static final AtomicLong UPDATED = new AtomicLong();

    private UpgradeConversionBenchmark() {}

    public static void main(String[] args) throws Exception {
        long keys = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
        String heap = args.length > 1 ? args[1] : "256m";
        Path root = Path.of(System.getProperty("flinkext.root", "."));
        Path line = root.resolve("flink2/flinkext-tools/target/flinkext-line");
        if (!Files.isDirectory(line)) {
            throw new IllegalStateException(line + " is missing: build flink2/flinkext-tools");
        }
        boolean keep = args.length > 2;
        Path work = keep ? Path.of(args[2]) : Files.createTempDirectory("flinkext-upgrade-bench-");
        try {
            Path written = work.resolve("savepoint.txt");
            if (!Files.exists(written)) {
                long started = System.nanoTime();
                String savepoint = writeSavepoint(keys, work);
                System.out.printf(
                        "Flink 1.20 wrote %s in %.1f s%n",
                        savepoint, (System.nanoTime() - started) / 1e9);
                Files.writeString(written, savepoint);
            }
            Path folder = Path.of(Files.readString(written).strip().replaceFirst("^file:", ""));
            long bytes = sizeOf(folder);

            double floor1 = copySeconds(folder, work.resolve("copy-1"));
            List<Double> converts = new ArrayList<>();
            List<Long> peaks = new ArrayList<>();
            List<Double> checks = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                Path out = work.resolve("converted-" + round);
                long[] peak = new long[1];
                converts.add(
                        runSeconds(
                                line,
                                heap,
                                peak,
                                "convert",
                                folder.toString(),
                                "--out",
                                out.toString()));
                peaks.add(peak[0]);
                // Flink 2.3 reading every converted value once, as its restore does.
                checks.add(runSeconds(line, heap, new long[1], "check", out.toString()));
                deleteFolder(out);
            }
            double floor2 = copySeconds(folder, work.resolve("copy-2"));
            double floor = Math.min(floor1, floor2);
            double convert = converts.stream().min(Double::compare).orElseThrow();
            double mib = bytes / 1024.0 / 1024.0;
            System.out.printf(
                    "%nsavepoint: %,d keys, %.0f MiB; converter -Xmx%s%n", keys, mib, heap);
            System.out.printf("| run | seconds | MiB/s | peak RSS |%n| --- | --- | --- | --- |%n");
            System.out.printf("| copy (floor), 1st | %.2f | %.0f | |%n", floor1, mib / floor1);
            System.out.printf("| copy (floor), 2nd | %.2f | %.0f | |%n", floor2, mib / floor2);
            for (int i = 0; i < converts.size(); i++) {
                System.out.printf(
                        "| upgrade convert, round %d | %.2f | %.0f | %d MiB |%n",
                        i + 1, converts.get(i), mib / converts.get(i), peaks.get(i) >> 20);
                System.out.printf(
                        "| upgrade check of the output, round %d | %.2f | %.0f | |%n",
                        i + 1, checks.get(i), mib / checks.get(i));
            }
            double check = checks.stream().min(Double::compare).orElseThrow();
            System.out.printf(
                    "%nconvert throughput / copy floor: %.3f; / Flink 2.3 reading every value once"
                            + " (check of the output): %.2f (best of each)%n",
                    floor / convert, check / convert);
        } finally {
            if (!keep) {
                deleteFolder(work);
            }
        }
        System.exit(0);
    }

    /** The savepoint's folder, after every key holds its value. */
    private static String writeSavepoint(long keys, Path work) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                work.resolve("checkpoints").toUri().toString());
        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build())) {
            cluster.start();
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            env.setParallelism(2);
            // One source subtask: the numbers come in order, every key's first one first.
            env.fromSource(
                            new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, Types.LONG),
                            WatermarkStrategy.noWatermarks(),
                            "numbers")
                    .setParallelism(1)
                    .uid("numbers")
                    .keyBy(i -> i % keys, Types.LONG)
                    .process(new Keep(keys), Types.VOID)
                    .uid("blobs")
                    .sinkTo(new DiscardingSink<>())
                    .uid("discard");
            JobID job = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
            while (UPDATED.get() < keys) {
                if (cluster.getJobStatus(job).get().isTerminalState()) {
                    throw new IllegalStateException("the job ended before every key was written");
                }
                Thread.sleep(100);
            }
            return cluster.triggerSavepoint(
                            job,
                            work.resolve("savepoints").toUri().toString(),
                            true,
                            SavepointFormatType.CANONICAL)
                    .get();
        }
    }

    /** Copies the savepoint's files through Flink's filesystem, as the converter reads them. */
    private static double copySeconds(Path folder, Path to) throws Exception {
        long started = System.nanoTime();
        org.apache.flink.core.fs.Path from = new org.apache.flink.core.fs.Path(folder.toUri());
        FileSystem fs = from.getFileSystem();
        org.apache.flink.core.fs.Path target = new org.apache.flink.core.fs.Path(to.toUri());
        fs.mkdirs(target);
        for (FileStatus file : fs.listStatus(from)) {
            try (InputStream in = fs.open(file.getPath());
                    OutputStream out =
                            fs.create(
                                    new org.apache.flink.core.fs.Path(
                                            target, file.getPath().getName()),
                                    FileSystem.WriteMode.NO_OVERWRITE)) {
                in.transferTo(out);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        deleteFolder(to);
        return seconds;
    }

    /** {@code flinkext upgrade <args>} on the 2.x line in a JVM of its own: its wall time. */
    private static double runSeconds(Path line, String heap, long[] peak, String... args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-opens")) {
                command.add(argument);
            }
        }
        command.add("-Xmx" + heap);
        command.addAll(
                List.of(
                        "-cp",
                        line.resolve("*").toString(),
                        "dev.flinkext.tools.LineCli",
                        "upgrade"));
        command.addAll(List.of(args));
        command.addAll(
                List.of(
                        "--classpath",
                        UpgradeConversionBenchmark.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .getPath()));
        Path log = Files.createTempFile("flinkext-convert-", ".log");
        long started = System.nanoTime();
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
                peak[0] = Math.max(peak[0], highWaterMark(status));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (process.exitValue() != 0) {
                throw new IllegalStateException("convert failed: " + Files.readString(log));
            }
            return seconds;
        } finally {
            process.destroyForcibly().waitFor();
            Files.deleteIfExists(log);
        }
    }

    /** VmHWM of a live process, in bytes (0 once it is gone). */
    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception gone) {
            return 0;
        }
        return 0;
    }

    private static long sizeOf(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteFolder(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (File file : files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).toList()) {
                file.delete();
            }
        }
    }

    /** Each key's value, written once: Kryo serializes it (no default constructor). */
    static final class Blob {
        final String label;
        final ArrayList<Long> numbers = new ArrayList<>();

        Blob(long key) {
            label = "key-" + key + "-" + Long.toHexString(key * 0x9E3779B97F4A7C15L);
            for (long i = 0; i < 16; i++) {
                numbers.add(key * 31 + i);
            }
        }
    }

    private static final class Keep extends KeyedProcessFunction<Long, Long, Void> {
        private final long keys;
        private transient ValueState<Blob> blob;

        Keep(long keys) {
            this.keys = keys;
        }

        @Override
        public void open(OpenContext openContext) {
            TypeInformation<Blob> type = TypeInformation.of(Blob.class);
            if (!(type instanceof GenericTypeInfo)) {
                throw new IllegalStateException("Blob must be a Kryo type: " + type);
            }
            blob = getRuntimeContext().getState(new ValueStateDescriptor<>("blob", type));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Void> out) throws Exception {
            // Every key written once; the numbers after are dropped until the savepoint.
            if (value < keys) {
                blob.update(new Blob(ctx.getCurrentKey()));
                UPDATED.incrementAndGet();
            }
        }
    }
}
