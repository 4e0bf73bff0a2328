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
package dev.flinkext.examples.tour;

import dev.flinkext.examples.tour.KryoShapesJob.Job;
import dev.flinkext.examples.tour.KryoShapesJob.Shape;
import dev.flinkext.tools.LineCli;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.StateMigrationException;

import com.esotericsoftware.kryo.KryoException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_HASHMAP_FILESYSTEM;
import static dev.flinkext.examples.tour.TourConfiguration.CONFIG_ROCKSDB_INCREMENTAL;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_HASHMAP;
import static dev.flinkext.examples.tour.TourConfiguration.FLINKEXT_ROCKSDB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Across the major upgrade: the 1.20 tour's job runs in a JVM of its own with Flink 1.20 ({@code
 * SnapshotWriter}, the 1.20 line's test classes and the classpath Maven resolved for them), and
 * writes, for Flink's heap and RocksDB backends and the pack's instrumented ones, the checkpoint it
 * retains after its injected failure and a canonical savepoint; this JVM, with Flink 2.3, restores
 * each of them under the same configuration and checks every key's five keyed states exactly. The
 * writer also saves jobs whose state Flink 1.20 serializes with Kryo ({@link KryoStateJob}, and
 * {@link KryoShapesJob} in each shape such state takes) and restores them itself, exactly; the
 * tests record what Flink 2.3 makes of the same savepoints today (wrong state, or a failed
 * restore), so that they fail when that changes.
 */
class CrossVersionRestoreITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    @TempDir static Path work;

    /** Rows of both lines: heap and RocksDB, Flink's own and the pack's instrumented ones. */
    private static final List<TourConfiguration> ROWS =
            List.of(
                    CONFIG_HASHMAP_FILESYSTEM,
                    FLINKEXT_HASHMAP,
                    CONFIG_ROCKSDB_INCREMENTAL,
                    FLINKEXT_ROCKSDB);

    private static final List<String> KINDS = List.of("RETAINED", "SAVEPOINT");

    /** Flink's backends under which the 1.20 side saves the Kryo-state job. */
    private static final List<String> KRYO_BACKENDS = List.of("hashmap", "rocksdb");

    private static final Map<String, String> DESCRIBED =
            Map.of(
                    "RETAINED", "checkpoint retained after the injected failure",
                    "SAVEPOINT", "canonical savepoint");

    /** The 1.20 line's main (its test classes), which this line cannot compile against. */
    private static final String WRITER = "dev.flinkext.examples.tour.SnapshotWriter";

    private static final long WRITER_TIMEOUT_SECONDS = 210;

    /** "RETAINED ROW" / "SAVEPOINT ROW" → the path Flink 1.20 wrote. */
    private static final Map<String, String> SNAPSHOTS = new HashMap<>();

    private static final List<RunReport> REPORTS = new ArrayList<>();

    @BeforeAll
    static void writeSnapshotsOnFlink120() throws Exception {
        Path root = Path.of(System.getProperty("flinkext.root", "../..")).resolve("flink-examples");
        Path classpathFile = root.resolve("target/flink-examples.classpath");
        assertThat(classpathFile)
                .as("the 1.20 module's test classpath: build flink-examples first")
                .exists();
        String classpath =
                String.join(
                        File.pathSeparator,
                        root.resolve("target/classes").toString(),
                        root.resolve("target/test-classes").toString(),
                        Files.readString(classpathFile).trim());

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The --add-opens Flink 1.20 needs on Java 17 (the root pom's flinkext.jvm.opens).
        command.addAll(List.of(System.getProperty("flinkext.jvm.opens").strip().split("\\s+")));
        String log4j = System.getProperty("log4j.configurationFile");
        if (log4j != null) {
            command.add("-Dlog4j.configurationFile=" + log4j);
        }
        command.addAll(
                List.of(
                        "-cp",
                        classpath,
                        WRITER,
                        work.resolve("flink-1.20").toString(),
                        ROWS.stream().map(Enum::name).collect(Collectors.joining(","))));
        Path out = work.resolve("flink-1.20.out");
        Path err = work.resolve("flink-1.20.err");
        Process writer =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        try {
            boolean ended = writer.waitFor(WRITER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(ended)
                    .as(
                            "the Flink 1.20 JVM ended within %d s; stderr:%n%s",
                            WRITER_TIMEOUT_SECONDS, tail(err))
                    .isTrue();
            assertThat(writer.exitValue())
                    .as("the Flink 1.20 JVM's exit code; stderr:%n%s", tail(err))
                    .isZero();
        } finally {
            writer.destroyForcibly().waitFor();
        }
        assertThat(Files.readAllLines(out))
                .as("the writer ran Flink 1.20, this JVM runs Flink 2.3")
                .contains("FLINK 1.20.5");
        assertThat(EnvironmentInformation.getVersion()).isEqualTo("2.3.0");
        Files.readAllLines(err).stream()
                .filter(line -> line.startsWith("Kryo shapes:"))
                .forEach(line -> System.out.println("Flink 1.20 JVM: " + line));
        for (String line : Files.readAllLines(out)) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3
                    && (KINDS.contains(parts[0])
                            || parts[0].startsWith("KRYO")
                            || Stream.of(Job.values())
                                    .anyMatch(job -> parts[0].startsWith(job.label)))) {
                SNAPSHOTS.put(parts[0] + " " + parts[1], parts[2]);
            }
        }
        assertThat(SNAPSHOTS)
                .hasSize(
                        ROWS.size() * KINDS.size()
                                + 2 * KRYO_BACKENDS.size()
                                + 2 * Job.values().length * KRYO_BACKENDS.size());
    }

    static Stream<Arguments> snapshots() {
        return ROWS.stream().flatMap(row -> KINDS.stream().map(kind -> Arguments.of(row, kind)));
    }

    @ParameterizedTest(name = "{1} of {0}")
    @MethodSource("snapshots")
    void restoresOnFlink2(
            TourConfiguration row, String kind, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String path = SNAPSHOTS.get(kind + " " + row.name());
        RunReport report =
                new TourRunner(
                                cluster,
                                TourTesting.PARAMS,
                                work.resolve("flink-2.3-" + kind.toLowerCase()),
                                System.out)
                        .restore(
                                row,
                                path,
                                "#" + row.number() + " <- 1.20 " + kind.toLowerCase(),
                                row.name() + " <- Flink 1.20's " + DESCRIBED.get(kind));
        REPORTS.add(report);

        assertThat(report.problems()).as("restore of %s", path).isEmpty();
        assertThat(report.verifiedKeys()).isEqualTo(TourTesting.PARAMS.keys());
        assertThat(report.verified()).isTrue();
        assertThat(report.restoredFrom())
                .endsWith(Path.of(path.replaceFirst("^file:", "")).getFileName().toString());
        assertThat(report.restoredBytes()).isPositive();
    }

    /**
     * State that Flink 1.20 serialized with Kryo 2 (a class that is no POJO) is read wrong on 2.3,
     * whose Kryo is 5, and Flink says nothing: the restore succeeds, and only the job's own check
     * finds that each key's {@code String} came back right and its {@code ArrayList<Long>} did not
     * (empty, or holding numbers that were never written). The same savepoint restores exactly on
     * 1.20: the writer's control run counted every key's records.
     */
    @ParameterizedTest(name = "Kryo state on {0}")
    @MethodSource("kryoBackends")
    void kryoStateComesBackWrongOnFlink2(String backend, @InjectMiniCluster MiniCluster cluster) {
        assertThat(SNAPSHOTS.get("KRYO-ON-1.20 " + backend))
                .as("keys complete when Flink 1.20 restores its own savepoint")
                .isEqualTo(Integer.toString(KryoStateJob.KEYS));
        String path = SNAPSHOTS.get("KRYO " + backend);
        assertThatThrownBy(
                        () ->
                                KryoStateJob.restore(
                                        cluster,
                                        backend,
                                        work.resolve("flink-2.3-kryo-" + backend)
                                                .toUri()
                                                .toString(),
                                        path))
                .rootCause()
                .hasMessageMatching(
                        "the Kryo state of (key-\\d+) came back as \\1 with recent values .*");
    }

    static Stream<String> kryoBackends() {
        return KRYO_BACKENDS.stream();
    }

    /**
     * An operator state element that Kryo 5 reads as a number instead of a {@code Bag}: its misread
     * of Kryo 2's bytes can land on the class ID of {@code Long} (seen once in a clean-clone run,
     * "came back as -1"), the same misread as the {@code [-1]} list, one byte earlier.
     */
    private static final String ELEMENT_READ_AS_A_NUMBER =
            "element \\d+: expected Bag\\[number-\\d+, \\[\\d+, \\d+\\]\\], came back as -?\\d+";

    /**
     * How each shape of {@link Job#SHAPES} comes back on Flink 2.3 today, with no conversion: under
     * heap and RocksDB alike the restore succeeds and every key or element that the savepoint held
     * comes back wrong, each sample of it ({@link ShapeResult#samples()}) in one of these forms.
     * The POJO keeps its label and count and loses its list's last number; a {@code Bag}'s list
     * comes back {@code [-1]} (Kryo 5 reads Kryo 2's not-null marker of a {@code List<Long>}
     * field's first element as a number); a key's list too, so a timer saved with its key fires for
     * another key (same name, list {@code [-1]}) and the key's own state is gone.
     */
    private static final Map<Shape, List<String>> WRONG_ON_FLINK2 =
            Map.of(
                    Shape.POJO_ARRAY_LIST,
                    List.of(
                            "(\\d+): expected ArrayListPojo\\[key-\\1, \\[[\\d, ]+\\], (\\d+)\\],"
                                    + " came back as ArrayListPojo\\[key-\\1, \\[[\\d, ]*\\], \\2\\]"),
                    Shape.MAP_STATE,
                    List.of(
                            "\\d+: expected \\{.+\\}, came back as"
                                    + " \\{\\d+=Bag\\[number-\\d+, \\[-1\\]\\]"
                                    + "(, \\d+=Bag\\[number-\\d+, \\[-1\\]\\])*\\}"),
                    Shape.KRYO_KEY_TIMERS,
                    List.of(
                            "\\d+ count: expected \\d+, came back as null",
                            "(\\d+) timer's key: expected KryoKey\\[key-\\1, \\[\\1, \\d+\\]\\],"
                                    + " came back as KryoKey\\[key-\\1, \\[-1\\]\\]",
                            "\\d+ previous timer: expected \\d+, came back as null"),
                    Shape.OPERATOR_LIST,
                    List.of(
                            "element \\d+: expected Bag\\[number-(\\d+), \\[\\d+, \\1\\]\\],"
                                    + " came back as Bag\\[number-\\1, \\[-1\\]\\]",
                            ELEMENT_READ_AS_A_NUMBER),
                    Shape.UNION_LIST,
                    List.of(
                            "element \\d+: expected Bag\\[number-(\\d+), \\[\\d+, \\1\\]\\],"
                                    + " came back as Bag\\[number-\\1, \\[-1\\]\\]",
                            ELEMENT_READ_AS_A_NUMBER));

    /**
     * What Kryo 5 reading Kryo 2's bytes fails with: which one depends on where its misread lands
     * in the bytes, so on the numbers the savepoint caught (seen: unknown class names and IDs,
     * unresolved references, the input running out, and a class ID that is Flink's placeholder for
     * Avro's array, whose serializer throws).
     */
    private static final String KRYO_MISREAD =
            "KryoException|Buffer underflow|EOFException|Could not find required Avro dependency";

    /** Per shape and backend, today's result on Flink 2.3, for the table printed at the end. */
    private static final Map<String, String> SHAPES_ON_FLINK2 = new TreeMap<>();

    /**
     * Kryo state in five shapes (a POJO's {@code ArrayList<Long>} field, {@code MapState} values, a
     * key with timers, operator and union {@code ListState}) restores on Flink 2.3 without an error
     * and comes back wrong, every key and element of it ({@link #WRONG_ON_FLINK2}). Flink 1.20
     * restores the same savepoint exactly (the writer's control). Operator state is read while the
     * job restores, so where Kryo 5's misread of an element meets bytes it cannot take for a class
     * (which depends on the numbers the savepoint caught), the restore fails instead, as Flink's
     * operator state backend says: seen in about one run in five under RocksDB.
     */
    @ParameterizedTest(name = "Kryo shapes on {0}")
    @MethodSource("kryoBackends")
    void kryoShapesComeBackWrongOnFlink2(String backend, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        assertExactOnFlink120(Job.SHAPES, backend);
        Map<Shape, ShapeResult> results;
        try {
            results = restoreShapes(cluster, Job.SHAPES, backend);
        } catch (Exception failure) {
            // Kryo 5 reading 1.20's bytes: a Kryo error, or its input running out mid-value.
            assertThat(stackTrace(failure)).containsPattern(KRYO_MISREAD);
            record(Shape.OPERATOR_LIST, backend, "fails: " + rootCause(failure));
            return;
        }
        results.forEach((shape, result) -> record(shape, backend, "wrong " + result));
        assertThat(results).containsOnlyKeys(Job.SHAPES.shapes);
        results.forEach(
                (shape, result) ->
                        assertAllWrong(shape, backend, result, WRONG_ON_FLINK2.get(shape)));
        // The timers saved with their keys fire, each for another key than its own.
        assertThat(results.get(Shape.KRYO_KEY_TIMERS).samples())
                .anySatisfy(sample -> assertThat(sample).contains(" timer's key: "));
    }

    /**
     * A POJO field declared {@code List<Long>}: Flink 1.20 wrote it with Kryo, Flink 2.3 types it
     * with its {@code ListSerializer} (FLIP-398), so the POJO's serializers are incompatible and
     * the restore fails when the function asks for its state, under heap and RocksDB alike.
     */
    @ParameterizedTest(name = "POJO with a List<Long> field on {0}")
    @MethodSource("kryoBackends")
    void pojoListFailsOnFlink2(String backend, @InjectMiniCluster MiniCluster cluster) {
        assertExactOnFlink120(Job.POJO_LIST, backend);
        assertThatThrownBy(() -> restoreShapes(cluster, Job.POJO_LIST, backend))
                .satisfies(
                        failure -> record(Shape.POJO_LIST, backend, "fails: " + rootCause(failure)))
                .rootCause()
                .isInstanceOf(StateMigrationException.class)
                .hasMessageMatching(
                        "(For heap backends, t|T)he new state serializer \\(.*PojoSerializer@.*\\)"
                                + " must not be incompatible with the old state serializer"
                                + " \\(.*PojoSerializer@.*\\)\\.");
    }

    /**
     * Keyed {@code ListState} of a Kryo type: a key's list is its elements one after the other
     * (with a delimiter), and Kryo 5 stops short in the first, so the next element is read from the
     * middle of it. The heap backend reads every list while it restores and fails; RocksDB keeps
     * the bytes and fails each key's first read (this job's check counts those keys wrong; a job of
     * its own would fail there). What the misplaced read meets depends on the bytes: with other
     * numbers in the list (a first number of 64 or more) it read an {@code Integer} or a {@code
     * String} as an element in trials, with no error; {@code Bag} keeps the outcome fixed.
     */
    @ParameterizedTest(name = "keyed ListState on {0}")
    @MethodSource("kryoBackends")
    void listStateFailsOnFlink2(String backend, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        assertExactOnFlink120(Job.LIST_STATE, backend);
        if (backend.equals("hashmap")) {
            assertThatThrownBy(() -> restoreShapes(cluster, Job.LIST_STATE, backend))
                    .satisfies(
                            failure ->
                                    record(
                                            Shape.LIST_STATE,
                                            backend,
                                            "fails: " + rootCause(failure)))
                    .hasStackTraceContaining("Could not restore keyed state backend")
                    // Kryo 5 reads the rest of the first element and the second from its middle.
                    .satisfies(f -> assertThat(stackTrace(f)).containsPattern(KRYO_MISREAD));
        } else {
            ShapeResult result =
                    restoreShapes(cluster, Job.LIST_STATE, backend).get(Shape.LIST_STATE);
            record(Shape.LIST_STATE, backend, "reads fail " + result);
            assertAllWrong(
                    Shape.LIST_STATE,
                    backend,
                    result,
                    List.of(
                            "\\d+: expected \\[Bag.*\\], came back as a failed read: "
                                    + KryoException.class.getName()
                                    + ": Unable to find class: .*",
                            // A list of one element reads without an error, wrong.
                            "\\d+: expected \\[Bag.*\\], came back as"
                                    + " \\[Bag\\[number-\\d+, \\[-1\\]\\]\\]"));
        }
    }

    /**
     * Broadcast state of a Kryo type: operator state holds the whole map in one stream, which Flink
     * reads while it restores; Kryo 5 loses its place after the first value and the restore fails,
     * under heap and RocksDB alike (operator state lives on the heap for both). As for {@code
     * ListState}, other bytes could instead give wrong entries without an error.
     */
    @ParameterizedTest(name = "broadcast state on {0}")
    @MethodSource("kryoBackends")
    void broadcastStateFailsOnFlink2(String backend, @InjectMiniCluster MiniCluster cluster) {
        assertExactOnFlink120(Job.BROADCAST, backend);
        assertThatThrownBy(() -> restoreShapes(cluster, Job.BROADCAST, backend))
                .satisfies(
                        failure -> record(Shape.BROADCAST, backend, "fails: " + rootCause(failure)))
                .hasStackTraceContaining("Could not restore operator state backend")
                // Kryo 5 reads the next entry's label as a class ID, or runs out of input.
                .satisfies(f -> assertThat(stackTrace(f)).containsPattern(KRYO_MISREAD));
    }

    /**
     * {@code flinkext upgrade}: {@code check} on the savepoint Flink 1.20 wrote gives, for each
     * shape's state, the verdict the restore above shows (the shapes that restore without an error:
     * silently wrong; the others: fails); {@code convert} writes a savepoint that {@code check}
     * passes and that Flink 2.3 restores exactly, every key and element of every shape.
     */
    @ParameterizedTest(name = "{0} on {1}, after flinkext upgrade convert")
    @MethodSource("jobsAndBackends")
    void restoresExactlyAfterUpgradeConvert(
            Job job, String backend, @InjectMiniCluster MiniCluster cluster) throws Exception {
        String original = SNAPSHOTS.get(job.label + " " + backend);
        String uids = job.shapes.stream().map(shape -> shape.uid).collect(Collectors.joining(","));
        Upgrade before = Upgrade.run("check", "--json", "--uid", uids, original);
        assertThat(before.exitCode).as(before.err).isEqualTo(1);
        Map<String, String> verdicts = before.kryoStateVerdicts();
        for (Shape shape : job.shapes) {
            assertThat(verdicts.get(shape.uid))
                    .as("%s under %s: %s", shape, backend, before.out)
                    .isIn(VERDICT_BEFORE.get(shape));
        }

        Path converted = work.resolve("converted-" + job.label + "-" + backend);
        Upgrade convert = Upgrade.run("convert", original, "--out", converted.toString());
        assertThat(convert.exitCode).as(convert.out + convert.err).isZero();
        Upgrade after = Upgrade.run("check", "--json", converted.toString());
        assertThat(after.exitCode).as(after.out + after.err).isZero();

        Map<Shape, ShapeResult> results =
                restoreShapes(cluster, job, backend, converted.toUri().toString());
        assertThat(results).containsOnlyKeys(job.shapes);
        results.forEach(
                (shape, result) -> {
                    record(shape, backend, "after upgrade convert: " + result);
                    assertThat(result.isExact())
                            .as("%s under %s after conversion: %s", shape, backend, result)
                            .isTrue();
                    assertThat(result.exact()).isEqualTo(result.expected());
                });
    }

    /** {@link KryoStateJob}'s savepoint, converted, restores exactly: every key counts all. */
    @ParameterizedTest(name = "Kryo state on {0}, after flinkext upgrade convert")
    @MethodSource("kryoBackends")
    void kryoStateRestoresExactlyAfterUpgradeConvert(
            String backend, @InjectMiniCluster MiniCluster cluster) throws Exception {
        Path converted = work.resolve("converted-kryo-" + backend);
        Upgrade convert =
                Upgrade.run(
                        "convert", SNAPSHOTS.get("KRYO " + backend), "--out", converted.toString());
        assertThat(convert.exitCode).as(convert.out + convert.err).isZero();
        assertThat(
                        KryoStateJob.restore(
                                cluster,
                                backend,
                                work.resolve("flink-2.3-kryo-converted-" + backend)
                                        .toUri()
                                        .toString(),
                                converted.toUri().toString()))
                .isEqualTo(KryoStateJob.KEYS);
    }

    /**
     * What {@code upgrade check} says of each shape's state in the savepoint Flink 1.20 wrote: what
     * the restore above does. Operator list elements fail or read wrong depending on the bytes, as
     * their restore does (see {@link #kryoShapesComeBackWrongOnFlink2}).
     */
    private static final Map<Shape, List<String>> VERDICT_BEFORE =
            Map.of(
                    Shape.POJO_LIST, List.of("fails"),
                    Shape.POJO_ARRAY_LIST, List.of("silently wrong"),
                    Shape.MAP_STATE, List.of("silently wrong"),
                    Shape.LIST_STATE, List.of("fails"),
                    Shape.KRYO_KEY_TIMERS, List.of("silently wrong"),
                    Shape.OPERATOR_LIST, List.of("silently wrong", "fails"),
                    Shape.UNION_LIST, List.of("silently wrong", "fails"),
                    Shape.BROADCAST, List.of("fails"));

    static Stream<Arguments> jobsAndBackends() {
        return Stream.of(Job.values())
                .flatMap(job -> KRYO_BACKENDS.stream().map(backend -> Arguments.of(job, backend)));
    }

    /** A run of {@code flinkext upgrade} in this JVM (the 2.x line's command line). */
    private record Upgrade(int exitCode, String out, String err) {

        static Upgrade run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = LineCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            String[] all = new String[args.length + 1];
            all[0] = "upgrade";
            System.arraycopy(args, 0, all, 1, args.length);
            return new Upgrade(cli.execute(all), out.toString(), err.toString());
        }

        /**
         * Operator uid → the verdict on its state that Kryo (or a POJO with a Kryo field) holds:
         * the worst, if it holds several.
         */
        Map<String, String> kryoStateVerdicts() throws Exception {
            Map<String, String> verdicts = new HashMap<>();
            for (JsonNode operator : new ObjectMapper().readTree(out).get("operators")) {
                for (JsonNode state : operator.get("states")) {
                    String serializers = state.get("serializers").asText();
                    if (serializers.contains("Kryo") && !operator.path("uid").isMissingNode()) {
                        verdicts.merge(
                                operator.get("uid").asText(),
                                state.get("verdict").asText(),
                                (a, b) -> a.equals("fails") ? a : b);
                    }
                }
            }
            return verdicts;
        }
    }

    /**
     * {@code result} has every unit that the savepoint held wrong, and each sample of how matches
     * one of {@code forms}.
     */
    private static void assertAllWrong(
            Shape shape, String backend, ShapeResult result, List<String> forms) {
        assertThat(result.expected()).as("%s under %s: units held", shape, backend).isPositive();
        assertThat(result.exact()).as("%s under %s: %s", shape, backend, result).isZero();
        assertThat(result.wrong())
                .as("%s under %s: %s", shape, backend, result)
                .isEqualTo(result.expected());
        List<String> accepted = new ArrayList<>(forms);
        accepted.add(".*came back as a failed read: .*(" + KRYO_MISREAD + ").*");
        assertThat(result.samples())
                .as("%s under %s", shape, backend)
                .isNotEmpty()
                .allSatisfy(
                        sample ->
                                assertThat(accepted)
                                        .anySatisfy(form -> assertThat(sample).matches(form)));
    }

    private static void record(Shape shape, String backend, String outcome) {
        SHAPES_ON_FLINK2.put(shape.ordinal() + " " + shape + " " + backend, outcome);
    }

    private static String stackTrace(Throwable failure) {
        java.io.StringWriter trace = new java.io.StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** The control: Flink 1.20 restored its own savepoint of {@code job} exactly, every shape. */
    private static void assertExactOnFlink120(Job job, String backend) {
        Map<Shape, ShapeResult> control =
                ShapeResult.parse(SNAPSHOTS.get(job.label + "-ON-1.20 " + backend));
        assertThat(control).containsOnlyKeys(job.shapes);
        control.forEach(
                (shape, result) ->
                        assertThat(result.isExact())
                                .as("%s on Flink 1.20 under %s: %s", shape, backend, result)
                                .isTrue());
    }

    /**
     * Restores (on this JVM's Flink 2.3) the savepoint that Flink 1.20 wrote of {@code job} under
     * {@code backend} and returns what each shape found, or throws the job's failure.
     */
    private static Map<Shape, ShapeResult> restoreShapes(
            MiniCluster cluster, Job job, String backend) throws Exception {
        return restoreShapes(cluster, job, backend, SNAPSHOTS.get(job.label + " " + backend));
    }

    /** As {@link #restoreShapes(MiniCluster, Job, String)}, from the savepoint at {@code path}. */
    private static Map<Shape, ShapeResult> restoreShapes(
            MiniCluster cluster, Job job, String backend, String path) throws Exception {
        String dir =
                work.resolve("flink-2.3-" + job.label.toLowerCase() + "-" + backend)
                        .toUri()
                        .toString();
        return KryoShapesJob.restore(cluster, job, backend, dir, path);
    }

    @AfterAll
    static void printTable() {
        System.out.print(ReportTable.format(REPORTS));
        System.out.println(
                "Kryo shapes written by Flink 1.20, restored by Flink 2.3 (exact/wrong/held):");
        SHAPES_ON_FLINK2.forEach(
                (shape, outcome) ->
                        System.out.println(
                                "  " + shape.substring(shape.indexOf(' ') + 1) + ": " + outcome));
    }

    private static String tail(Path file) throws Exception {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
