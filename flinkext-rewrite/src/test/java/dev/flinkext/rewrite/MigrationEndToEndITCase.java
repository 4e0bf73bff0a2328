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
package dev.flinkext.rewrite;

import dev.flinkext.rewrite.testing.MigrationHarness;
import dev.flinkext.rewrite.testing.MigrationHarness.JvmRun;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both recipes end to end. A job written for Flink 1.13 (test resource {@code
 * migration/CountingJob.java}, its state set up with the tour's legacy rows) is rewritten by
 * LegacyStateBackendsToFlink114, compiled against Flink 1.20 and run on a MiniCluster in this JVM;
 * then rewritten by StateConfigForFlink2, compiled against Flink 2.3.0 and run in a JVM of its own
 * on Flink 2.3.0. Each run fails once after a completed checkpoint and must give exact counts and
 * sums per key, with its checkpoints in the directory the job set (in the JobManager for the
 * MemoryStateBackend row). The tour's own {@code TourConfiguration} goes through both recipes and
 * javac too.
 */
class MigrationEndToEndITCase {

    private static final long N = 6_000;
    private static final String MAIN = "com.example.CountingJob";

    /** The tour's legacy rows the job runs. */
    private static final List<String> ROWS =
            List.of("legacy-rocksdb-incr", "legacy-fs", "legacy-memory");

    /** The row whose checkpoints stay in the JobManager; the others write to their directory. */
    private static final String JOBMANAGER_ROW = "legacy-memory";

    private static final String JOB = "com/example/CountingJob.java";
    private static final String TOUR = "dev/flinkext/examples/tour/TourConfiguration.java";

    @TempDir static Path work;

    private static String source120;
    private static String source2;
    private static String tour120;
    private static String tour2;
    private static Path classes120;
    private static Path classes2;

    @BeforeAll
    static void rewriteAndCompile() throws Exception {
        String job;
        try (InputStream in =
                MigrationEndToEndITCase.class.getResourceAsStream("/migration/CountingJob.java")) {
            job = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String tour =
                Files.readString(
                        Path.of(System.getProperty("flinkext.root", ".."))
                                .resolve("flink-examples/src/main/flink-1.20/" + TOUR));
        List<List<String>> stages =
                MigrationHarness.rewrite(
                        List.of(new LegacyStateBackendsToFlink114(), new StateConfigForFlink2()),
                        job,
                        tour);
        source120 = stages.get(0).get(0);
        tour120 = stages.get(0).get(1);
        source2 = stages.get(1).get(0);
        tour2 = stages.get(1).get(1);

        classes120 = work.resolve("classes-1.20");
        assertThat(
                        MigrationHarness.compile(
                                MigrationHarness.flink120Classpath(),
                                classes120,
                                write("src-1.20/" + JOB, source120),
                                write("src-1.20/" + TOUR, tour120)))
                .as(
                        "the job and TourConfiguration after LegacyStateBackendsToFlink114, compiled"
                                + " against Flink 1.20")
                .isEmpty();
        classes2 = work.resolve("classes-2");
        assertThat(
                        MigrationHarness.compile(
                                MigrationHarness.flink2Classpath(),
                                classes2,
                                write("src-2/" + JOB, source2)))
                .as("the job after StateConfigForFlink2, compiled against Flink 2.3.0")
                .isEmpty();
    }

    @Test
    void theRecipesRewriteTheJob() {
        assertThat(source120)
                .contains(
                        "env.setStateBackend(new EmbeddedRocksDBStateBackend(true));\n"
                                + "            env.getCheckpointConfig().setCheckpointStorage(dir);",
                        "env.setStateBackend(new HashMapStateBackend());",
                        "setCheckpointStorage(new JobManagerCheckpointStorage());")
                .doesNotContain("RocksDBStateBackend(dir", "FsStateBackend", "MemoryStateBackend");
        assertThat(source2)
                .contains(
                        // stateConfig is taken by the nested blocks, which Java does not let an
                        // enclosing local shadow.
                        "StreamExecutionEnvironment.getExecutionEnvironment(stateConfig2)",
                        "stateConfig2.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,"
                                + " ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);",
                        "stateConfig.set(StateBackendOptions.STATE_BACKEND, \"rocksdb\");",
                        "stateConfig.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);",
                        "env.configure(stateConfig);")
                .doesNotContain("setStateBackend", "setCheckpointStorage", "contrib.streaming");
    }

    @Test
    void theRewrittenJobRecoversExactlyOnFlink120() throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(128));
        conf.set(RestOptions.BIND_PORT, "0");
        try (MiniCluster cluster =
                        new MiniCluster(
                                new MiniClusterConfiguration.Builder()
                                        .setConfiguration(conf)
                                        .setNumTaskManagers(1)
                                        .setNumSlotsPerTaskManager(2)
                                        .build());
                URLClassLoader job =
                        new URLClassLoader(
                                new URL[] {classes120.toUri().toURL()},
                                getClass().getClassLoader())) {
            cluster.start();
            // The tasks load the job's classes from its classpath, as from a job jar.
            TestStreamEnvironment.setAsContext(
                    cluster, 2, List.of(), List.of(classes120.toUri().toURL()));
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(job);
            try {
                Path folder = Files.createDirectories(work.resolve("1.20"));
                for (String row : ROWS) {
                    Path dir = folder.resolve(row);
                    Path marker = folder.resolve(row + ".failed");
                    @SuppressWarnings("unchecked")
                    List<String> results =
                            (List<String>)
                                    job.loadClass(MAIN)
                                            .getMethod(
                                                    "run",
                                                    String.class,
                                                    String.class,
                                                    String.class,
                                                    long.class)
                                            .invoke(
                                                    null,
                                                    row,
                                                    dir.toUri().toString(),
                                                    marker.toString(),
                                                    N);
                    assertRecoveredExactly(row, results, dir, marker);
                }
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
                TestStreamEnvironment.unsetAsContext();
            }
        }
    }

    @Test
    void theRewrittenJobRecoversExactlyOnFlink2() throws Exception {
        List<Path> classpath = new ArrayList<>(MigrationHarness.flink2Classpath());
        classpath.add(classes2);
        // One JVM runs the rows one after the other, each on a local MiniCluster of Flink 2.3.0.
        Path folder = Files.createDirectories(work.resolve("2"));
        JvmRun run =
                MigrationHarness.runJvm(
                        classpath,
                        MAIN,
                        240,
                        folder,
                        String.join(",", ROWS),
                        folder.toString(),
                        Long.toString(N));
        assertThat(run.exitCode()).as("exit code; stderr:\n%s", run.stderr()).isZero();
        for (String row : ROWS) {
            List<String> results =
                    run.stdout().stream()
                            .filter(line -> line.startsWith("RESULT " + row + " "))
                            .map(line -> line.substring(("RESULT " + row + " ").length()))
                            .collect(Collectors.toList());
            assertRecoveredExactly(
                    row, results, folder.resolve(row), folder.resolve(row + ".failed"));
        }
    }

    @Test
    void theToursConfigurationsCompileOn2xButForTheRowLeftForAHuman() throws Exception {
        List<Path> classpath = new ArrayList<>(MigrationHarness.flink2Classpath());
        classpath.addAll(MigrationHarness.withoutFlink(MigrationHarness.flink120Classpath()));
        List<Diagnostic<? extends JavaFileObject>> errors =
                MigrationHarness.compile(
                        classpath, work.resolve("tour-2"), write("src-2/" + TOUR, tour2));
        // The precedence row keeps MemoryStateBackend (gone in 2.0), commented by both recipes
        // for a human to decide; everything else compiles against Flink 2.3.0.
        List<String> lines = tour2.lines().collect(Collectors.toList());
        assertThat(code(tour120))
                .doesNotContain(
                        "setStateBackend(new RocksDBStateBackend",
                        "setStateBackend(new FsStateBackend");
        assertThat(code(tour2))
                .doesNotContain(
                        "setStateBackend(new RocksDBStateBackend",
                        "setStateBackend(new FsStateBackend",
                        "setStateBackend(new EmbeddedRocksDBStateBackend",
                        "setStateBackend(new HashMapStateBackend",
                        "contrib.streaming");
        assertThat(tour2)
                .contains("// flinkext StateConfigForFlink2: Flink 2.x has no env.setStateBackend");
        assertThat(errors).isNotEmpty();
        for (Diagnostic<? extends JavaFileObject> error : errors) {
            assertThat(lines.get((int) error.getLineNumber() - 1))
                    .as("line of %s", error.getMessage(null))
                    .contains("MemoryStateBackend");
        }
    }

    /** The source without its line comments (the recipes' comments name code to write). */
    private static String code(String source) {
        return source.lines()
                .filter(line -> !line.strip().startsWith("//"))
                .collect(Collectors.joining("\n"));
    }

    private static void assertRecoveredExactly(
            String row, List<String> results, Path dir, Path marker) throws IOException {
        assertThat(marker).as("%s failed once after a completed checkpoint", row).exists();
        assertThat(results).as(row).containsExactlyInAnyOrderElementsOf(expected());
        if (row.equals(JOBMANAGER_ROW)) {
            assertThat(dir)
                    .as("%s: checkpoints stay in the JobManager, none in a directory", row)
                    .doesNotExist();
            return;
        }
        // Checkpoints of a finished job are deleted; the job's folder with its shared/ stays.
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(
                            files.filter(
                                    p ->
                                            Files.isDirectory(p)
                                                    && p.getFileName().toString().equals("shared")))
                    .as("%s: checkpoints went to the directory the job set", row)
                    .isNotEmpty();
        }
    }

    /** key,count,sum for 1..N by key n % 7. */
    private static List<String> expected() {
        long[] count = new long[7];
        long[] sum = new long[7];
        for (long i = 1; i <= N; i++) {
            count[(int) (i % 7)]++;
            sum[(int) (i % 7)] += i;
        }
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            lines.add(k + "," + count[k] + "," + sum[k]);
        }
        return lines;
    }

    private static Path write(String name, String source) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return file;
    }
}
