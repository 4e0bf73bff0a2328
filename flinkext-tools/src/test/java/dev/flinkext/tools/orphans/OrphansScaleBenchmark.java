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
package dev.flinkext.tools.orphans;

import dev.flinkext.testing.cluster.ProcessCluster;
import dev.flinkext.testing.s3proxy.S3ProxyServer;
import dev.flinkext.tools.LineCli;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code orphans} at the scale of real checkpoint folders (docs/benchmarks.md, "orphans at scale").
 *
 * <p>A RocksDB incremental job writes three checkpoints on a MiniCluster; then N empty files are
 * planted in its {@code shared/} (growing through the sizes given, 10⁵, 10⁶, 3·10⁶ by default, so
 * each file is made once) and, at each size, in alternation: the floor ({@link ListingFloor}: the
 * same folder walked through Flink's {@code FileSystem} in a JVM of its own, with a large heap, as
 * an array per folder is what {@code listStatus} returns), {@code find -type f} for scale, and
 * {@code orphans --json --older-than 0s} in a JVM of its own with {@code -Xmx512m} (the line's
 * classpath, what {@code bin/flinkext} loads), its output to a file whose orphans are counted. Each
 * child's wall time and peak RSS and heap ({@link MeasuredMain}) are taken; the medians over the
 * repetitions make the table, with the ratio to the floor. At the largest size {@code orphans
 * --delete} removes the planted files (and is timed). With {@code --parts s3}: the same on s3proxy,
 * N files planted in the bucket's folder, and the requests per 1,000 files the floor, the dry run
 * and {@code --delete} send.
 *
 * <p>Run from {@code flinkext-tools/} (the command in docs/benchmarks.md): {@code
 * FLINK_PLUGINS_DIR=$PWD/target/plugins java <the build's --add-opens> -Xmx2g -cp
 * target/test-classes:target/classes:$(cat target/test.classpath)
 * dev.flinkext.tools.orphans.OrphansScaleBenchmark [--parts local,s3] [--sizes
 * 100000,1000000,3000000] [--repeat 3] [--s3-files 100000] [--xmx 512m] [--work DIR]}; {@code
 * -Dorphans.bench.prepend=DIR} puts other classes of the tools first (an earlier build's, for the
 * figures before a change).
 */
public final class OrphansScaleBenchmark {

    private static final Pattern REQUEST =
            Pattern.compile("^request: Request\\(([A-Z]+) (\\S+)\\)@[0-9a-f]+\\s*$");

    private final Path work;
    private final String xmx;
    private final int repeat;

    private OrphansScaleBenchmark(Path work, String xmx, int repeat) {
        this.work = work;
        this.xmx = xmx;
        this.repeat = repeat;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--work", System.getProperty("java.io.tmpdir") + "/flinkext-orphans-bench");
        options.put("--sizes", "100000,1000000,3000000");
        options.put("--xmx", "512m");
        options.put("--repeat", "3");
        options.put("--s3-files", "100000");
        options.put("--parts", "local,s3");
        options.put("--s3-runs", "floor,dry-run,delete");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + ": " + options);
            }
            options.put(args[i], args[i + 1]);
        }
        OrphansScaleBenchmark bench =
                new OrphansScaleBenchmark(
                        Path.of(options.get("--work")),
                        options.get("--xmx"),
                        Integer.parseInt(options.get("--repeat")));
        List<String> parts = Arrays.asList(options.get("--parts").split(","));
        System.out.println("options: " + options);
        if (parts.contains("local")) {
            List<Integer> sizes = new ArrayList<>();
            for (String size : options.get("--sizes").split(",")) {
                sizes.add(Integer.parseInt(size));
            }
            bench.local(sizes);
        }
        if (parts.contains("s3")) {
            bench.s3(
                    Integer.parseInt(options.get("--s3-files")),
                    Arrays.asList(options.get("--s3-runs").split(",")));
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------- local

    private void local(List<Integer> sizes) throws Exception {
        Path root = work.resolve("local");
        deleteTree(root);
        FileSystem.initialize(new Configuration(), null);
        String jobDir = writeCheckpoints(root.resolve("checkpoints").toUri().toString(), null);
        Path shared = Path.of(URI.create(jobDir)).resolve("shared");
        System.out.println("job folder " + jobDir);
        List<String> rows = new ArrayList<>();
        int planted = 0;
        for (int size : sizes) {
            long plantStart = System.nanoTime();
            plant(shared, planted, size - planted);
            planted = size;
            System.out.printf(
                    "planted %,d files in %.1f s%n", size, (System.nanoTime() - plantStart) / 1e9);
            List<Run> floors = new ArrayList<>();
            List<Run> orphans = new ArrayList<>();
            List<Double> finds = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                floors.add(floor(jobDir, List.of()));
                finds.add(find(Path.of(URI.create(jobDir))));
                Run run = orphans(List.of("orphans", "--json", "--older-than", "0s", jobDir));
                Counts counts = run.exit == 1 ? Counts.of(run.stdout) : null;
                if (counts == null || counts.orphans != size) {
                    System.out.printf(
                            "FAILED: expected exit 1 and %d orphans: %s %s: %s%n",
                            size, run, counts, lastLine(run.stderr));
                    run = run.failed();
                }
                orphans.add(run);
                System.out.printf(
                        "%,d files: floor %s; find %.2f s; orphans %s%n",
                        size, floors.get(i), finds.get(i), run);
                Files.deleteIfExists(run.stdout);
                Files.deleteIfExists(run.stderr);
            }
            rows.add(row(size, floors, orphans, finds));
        }
        long deleteStart = System.nanoTime();
        Run delete =
                orphans(List.of("orphans", "--delete", "--json", "--older-than", "0s", jobDir));
        Counts deleted = Counts.of(delete.stdout);
        System.out.printf(
                "--delete of %,d files: %s, %,d deleted (%.1f s)%n",
                planted, delete, deleted.deleted, (System.nanoTime() - deleteStart) / 1e9);
        try (Stream<Path> left = Files.list(shared)) {
            System.out.printf("files left in shared/: %d%n", left.count());
        }
        System.out.println();
        System.out.println(
                "| files | floor: Flink listStatus walk, own JVM (in-JVM walk) | floor peak RSS |"
                        + " find -type f | orphans --json, -Xmx"
                        + xmx
                        + " | peak RSS | peak heap | orphans / floor | verdict (≤ 2×) |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        rows.forEach(System.out::println);
        System.out.printf(
                "%n--delete of %,d files: %.1f s, peak RSS %s, peak heap %s, exit %d, %,d deleted%n",
                planted,
                delete.seconds,
                mib(delete.rss),
                mib(delete.heap),
                delete.exit,
                deleted.deleted);
        Files.deleteIfExists(delete.stdout);
        deleteTree(root);
    }

    private String row(int size, List<Run> floors, List<Run> orphans, List<Double> finds) {
        Run floor = median(floors);
        Run run = median(orphans);
        if (orphans.stream().anyMatch(r -> r.exit < 0)) {
            Run failed = orphans.stream().filter(r -> r.exit < 0).findFirst().get();
            return String.format(
                    Locale.ROOT,
                    "| %,d | %.2f s (%.2f s) | %s | – | failed after %.2f s (%s) | %s | %s | – | failed |",
                    size,
                    floor.seconds,
                    floor.innerMillis / 1000.0,
                    mib(floor.rss),
                    failed.seconds,
                    failed.failure,
                    mib(failed.rss),
                    mib(failed.heap));
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < orphans.size(); i++) {
            ratios.add(orphans.get(i).seconds / floors.get(i).seconds);
        }
        double ratio = run.seconds / floor.seconds;
        return String.format(
                Locale.ROOT,
                "| %,d | %.2f s (%.2f s) | %s | %.2f s | %.2f s | %s | %s | %.2f× [%s] | %s |",
                size,
                floor.seconds,
                floor.innerMillis / 1000.0,
                mib(floor.rss),
                finds.stream().sorted().toList().get(finds.size() / 2),
                run.seconds,
                mib(run.rss),
                mib(run.heap),
                ratio,
                String.join(
                        ", ",
                        ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList()),
                ratios.stream().allMatch(r -> r <= 2) ? "within" : "not within");
    }

    // ------------------------------------------------------------------------------------- s3

    private void s3(int files, List<String> runs) throws Exception {
        Path root = work.resolve("s3");
        deleteTree(root);
        if (System.getenv("FLINK_PLUGINS_DIR") == null) {
            throw new IllegalStateException(
                    "set FLINK_PLUGINS_DIR to flinkext-tools/target/plugins (flink-s3-fs-presto)");
        }
        try (S3ProxyServer s3 = S3ProxyServer.startLoggingRequests(root, "orphans-bench")) {
            Configuration conf = s3.flinkConfiguration();
            // s3proxy's filesystem store reads the whole folder for each page of a listing: a
            // page of 100,000 files takes seconds, longer than the fail-fast socket timeout.
            conf.setString("s3.socket-timeout", "300s");
            FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
            String jobDir = writeCheckpoints(s3.uri("checkpoints").toString(), conf);
            String key = URI.create(jobDir).getPath().substring(1);
            Path shared = s3.bucketDirectory().resolve(key).resolve("shared");
            long plantStart = System.nanoTime();
            plant(shared, 0, files);
            System.out.printf(
                    "s3: planted %,d files in %s in %.1f s%n",
                    files, shared, (System.nanoTime() - plantStart) / 1e9);
            List<String> dashD = new ArrayList<>();
            List<String> keyValues = new ArrayList<>();
            new TreeMap<>(conf.toMap())
                    .forEach(
                            (k, v) -> {
                                dashD.add("-D");
                                dashD.add(k + "=" + v);
                                keyValues.add(k + "=" + v);
                            });
            Path log = s3.requestLog();
            System.out.println();
            System.out.println(
                    "| run | wall | peak RSS | requests | per 1,000 files | by method (per 1,000"
                            + " files) |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
            long offset = size(log);
            if (runs.contains("floor")) {
                Run floor = floor(jobDir, keyValues);
                offset = requestRow("floor: Flink listStatus walk", floor, log, offset, files);
            }
            List<String> dryRun = new ArrayList<>(List.of("orphans"));
            dryRun.addAll(dashD);
            dryRun.addAll(List.of("--json", "--older-than", "0s", jobDir));
            if (runs.contains("dry-run")) {
                Run orphans = orphans(dryRun);
                check(orphans, 1, files, Counts.of(orphans.stdout).orphans, "orphans");
                offset = requestRow("orphans --json", orphans, log, offset, files);
            }
            List<String> deleting = new ArrayList<>(List.of("orphans"));
            deleting.addAll(dashD);
            deleting.addAll(List.of("--delete", "--json", "--older-than", "0s", jobDir));
            Run delete = orphans(deleting);
            check(delete, 0, files, Counts.of(delete.stdout).deleted, "deleted");
            requestRow("orphans --delete --json", delete, log, offset, files);
            try (Stream<Path> left = Files.list(shared)) {
                System.out.printf("%nobjects left in shared/: %d%n", left.count());
            }
        }
        deleteTree(root);
    }

    private static void check(Run run, int exit, int expected, long found, String what)
            throws IOException {
        if (run.exit != exit || found != expected) {
            throw new AssertionError(
                    "expected exit "
                            + exit
                            + " and "
                            + expected
                            + " "
                            + what
                            + ", got "
                            + found
                            + ": "
                            + run
                            + "\n"
                            + Files.readString(run.stderr));
        }
    }

    private static long requestRow(String name, Run run, Path log, long offset, int files)
            throws IOException {
        Map<String, Integer> byMethod = new TreeMap<>();
        int total = 0;
        long end = size(log);
        if (end > offset) {
            try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
                byte[] bytes = new byte[(int) (end - offset)];
                file.seek(offset);
                file.readFully(bytes);
                for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                    Matcher m = REQUEST.matcher(line);
                    if (m.matches()) {
                        byMethod.merge(m.group(1), 1, Integer::sum);
                        total++;
                    }
                }
            }
        }
        StringBuilder methods = new StringBuilder();
        byMethod.forEach(
                (method, count) ->
                        methods.append(methods.length() == 0 ? "" : ", ")
                                .append(method)
                                .append(' ')
                                .append(
                                        String.format(
                                                Locale.ROOT, "%.1f", count * 1000.0 / files)));
        System.out.printf(
                Locale.ROOT,
                "| %s | %.1f s | %s | %,d | %.1f | %s |%n",
                name,
                run.seconds,
                mib(run.rss),
                total,
                total * 1000.0 / files,
                methods);
        return end;
    }

    // ---------------------------------------------------------------------------- the pieces

    /** A RocksDB incremental job's three checkpoints under {@code root}; its job folder. */
    private static String writeCheckpoints(String root, Configuration more) throws Exception {
        Configuration conf = new Configuration(ToolsCluster.configuration(3).getConfiguration());
        if (more != null) {
            conf.addAll(more);
        }
        // Streams above 1 KiB as files (not inline in _metadata): shared SST files, as in a job.
        conf.set(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD, MemorySize.parse("1kb"));
        // Other builds on the machine may hold the default REST port.
        conf.set(RestOptions.BIND_PORT, "0");
        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build())) {
            cluster.start();
            StateZooJob job =
                    new StateZooJob("orphans-bench", 10_000_000, 5_000, 5_000, root)
                            .backend("rocksdb-incremental");
            JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
            String last = null;
            try {
                for (int i = 1; i <= 3; i++) {
                    long target = i * 2_000L;
                    checkpoints.await(() -> job.counted() >= target);
                    last = checkpoints.checkpoint();
                }
            } finally {
                checkpoints.cancel();
            }
            return last.substring(0, last.lastIndexOf('/'));
        }
    }

    /** {@code count} empty files named like shared state files (UUIDs), seeded by {@code from}. */
    private static void plant(Path folder, int from, int count) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(from);
        for (int i = 0; i < count; i++) {
            Files.createFile(
                    folder.resolve(new UUID(random.nextLong(), random.nextLong()).toString()));
        }
    }

    private Run floor(String folder, List<String> options) throws Exception {
        List<String> args = new ArrayList<>();
        args.add(folder);
        args.addAll(options);
        Run run = child("-Xmx12g", ListingFloor.class.getName(), args);
        String out = Files.readString(run.stdout).strip();
        Files.deleteIfExists(run.stdout);
        Files.deleteIfExists(run.stderr);
        Matcher m = Pattern.compile("files=(\\d+) millis=(\\d+)").matcher(out);
        if (run.exit != 0 || !m.find()) {
            throw new AssertionError("floor failed: " + run + " " + out);
        }
        return run.withInner(Long.parseLong(m.group(2)));
    }

    private Run orphans(List<String> args) throws Exception {
        return child("-Xmx" + xmx, LineCli.class.getName(), args);
    }

    private static double find(Path folder) throws Exception {
        long start = System.nanoTime();
        Process find =
                new ProcessBuilder("find", folder.toString(), "-type", "f")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        find.waitFor();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Runs {@code main} in a JVM of its own on the line's classpath, measured. */
    private Run child(String heap, String main, List<String> args) throws Exception {
        Path peaks = Files.createTempFile(work, "peaks-", ".txt");
        Path out = Files.createTempFile(work, "stdout-", ".txt");
        Path err = Files.createTempFile(work, "stderr-", ".txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(addOpens());
        command.add(heap);
        command.add("-Dflinkext.progress=false");
        String log4j = System.getProperty("flinkext.root", "..") + "/tools/log4j2-demo.properties";
        if (Files.exists(Path.of(log4j))) {
            command.add("-Dlog4j.configurationFile=" + log4j);
        }
        command.addAll(List.of("-cp", lineClasspath(), MeasuredMain.class.getName()));
        command.add(peaks.toString());
        command.add(main);
        command.addAll(args);
        long start = System.nanoTime();
        Process process =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        if (!process.waitFor(2, TimeUnit.HOURS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 2 hours: " + command);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> measured = new TreeMap<>();
        for (String line : Files.readAllLines(peaks)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                measured.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
        Files.deleteIfExists(peaks);
        if (process.exitValue() > 2 || Files.size(err) > 0 && process.exitValue() != 0) {
            System.out.println(main + " exit " + process.exitValue() + ": " + tail(err));
        }
        return new Run(
                process.exitValue(),
                seconds,
                measured.getOrDefault("rssBytes", -1L),
                measured.getOrDefault("heapPeakBytes", -1L),
                -1,
                out,
                err,
                null);
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("Error") || lines.get(i).contains("Exception")) {
                return lines.get(i).strip();
            }
        }
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file);
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }

    /** This module's classes, its runtime dependencies and the test classes (for the mains). */
    private static String lineClasspath() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        // -Dorphans.bench.prepend=DIR runs other classes of the tools (e.g. an earlier build's).
        String prepend = System.getProperty("orphans.bench.prepend");
        return (prepend == null ? "" : prepend + File.pathSeparator)
                + target.resolve("test-classes")
                + File.pathSeparator
                + target.resolve("classes")
                + File.pathSeparator
                + Files.readString(target.resolve("runtime.classpath")).strip();
    }

    /** The --add-opens Flink needs on Java 17 (the root pom's flinkext.jvm.opens). */
    private static List<String> addOpens() {
        return ProcessCluster.jvmOpens();
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.seconds, b.seconds));
        return sorted.get(sorted.size() / 2);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Process rm = new ProcessBuilder("rm", "-rf", root.toString()).inheritIO().start();
        try {
            rm.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One child JVM's run. */
    private record Run(
            int exit,
            double seconds,
            long rss,
            long heap,
            long innerMillis,
            Path stdout,
            Path stderr,
            String failure) {

        Run withInner(long millis) {
            return new Run(exit, seconds, rss, heap, millis, stdout, stderr, failure);
        }

        /** This run as a failure (exit -1), with the last line of its stderr. */
        Run failed() throws IOException {
            return new Run(-1, seconds, rss, heap, innerMillis, stdout, stderr, lastLine(stderr));
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "exit %d, %.2f s%s, peak RSS %s, peak heap %s",
                    exit,
                    seconds,
                    innerMillis >= 0 ? " (walk " + innerMillis + " ms)" : "",
                    mib(rss),
                    mib(heap));
        }
    }

    /** What an {@code orphans --json} output holds: orphans and deleted entries, counted. */
    private record Counts(long orphans, long deleted, long referenced) {

        static Counts of(Path json) throws IOException {
            long orphans = 0;
            long deleted = 0;
            long referenced = -1;
            try (JsonParser parser = new JsonFactory().createParser(json.toFile())) {
                String field = null;
                int depth = 0;
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                        depth++;
                        if (depth == 3
                                && "orphans".equals(field)
                                && token == JsonToken.START_OBJECT) {
                            orphans++;
                        }
                    } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                        depth--;
                    } else if (token == JsonToken.FIELD_NAME && depth == 1) {
                        field = parser.getCurrentName();
                    } else if (token == JsonToken.VALUE_STRING
                            && depth == 2
                            && "deleted".equals(field)) {
                        deleted++;
                    } else if (token == JsonToken.VALUE_NUMBER_INT
                            && depth == 1
                            && "referencedFiles".equals(field)) {
                        referenced = parser.getLongValue();
                    }
                }
            }
            return new Counts(orphans, deleted, referenced);
        }
    }
}
