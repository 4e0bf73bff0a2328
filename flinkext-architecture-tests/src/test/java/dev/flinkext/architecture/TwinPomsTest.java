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
package dev.flinkext.architecture;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each module of the Flink 2.x line ({@code flink2/<module>/pom.xml}) builds the sources of its
 * 1.20 twin ({@code <module>/pom.xml}) again, so the two poms declare the same dependencies: the
 * same artifacts (the 2.x line's own ones with the suffix {@code -flink2}), types, classifiers and
 * scopes. What only one line needs is named in {@link #LINE_ONLY}, with the reason. Versions come
 * from each line's properties and managed versions, so they are not compared, nor are exclusions.
 * The poms are read with an XML parser ({@link Poms}).
 */
class TwinPomsTest {

    private static final String V1_20 = "1.20";
    private static final String V2_X = "2.x";

    /**
     * Per module, the dependencies that only one line's pom declares, as {@link #declared} writes
     * them ({@code groupId:artifactId[:type][:classifier] (scope)}), with the line and the reason.
     * An artifact of the other line (for reactor ordering) is written {@code artifactId@line}.
     */
    static final Map<String, List<LineOnly>> LINE_ONLY =
            Map.of(
                    "flinkext-dist",
                    List.of(
                            new LineOnly(
                                    V1_20,
                                    "dev.flinkext:flinkext-examples:jar:job-with-pack (test)",
                                    "PackInJobJarITCase's job jar with the pack inside, which the"
                                            + " 2.x line does not build (the test is tagged"
                                            + " flink-1.20-only)")),
                    "flink-examples",
                    List.of(
                            new LineOnly(
                                    V1_20,
                                    "com.tngtech.archunit:archunit-junit5 (test)",
                                    "ConfigurationDocsTest scans for the options classes; the"
                                            + " configuration reference is generated once, by the"
                                            + " 1.20 build (src/test/flink-1.20)"),
                            new LineOnly(
                                    V1_20,
                                    "org.apache.hadoop:hadoop-client-api (runtime)",
                                    "the 1.20 tour's hdfs:// checkpoint directories and its HDFS"
                                            + " ITCases (src/test/flink-1.20)"),
                            new LineOnly(
                                    V1_20,
                                    "org.apache.hadoop:hadoop-client-runtime (runtime)",
                                    "as hadoop-client-api"),
                            new LineOnly(
                                    V1_20,
                                    "dev.flinkext:flinkext-hdfs (test)",
                                    "the HDFS ITCases of the 1.20 tour (HdfsTourITCase,"
                                            + " HdfsArchiveOutageITCase, src/test/flink-1.20)"),
                            new LineOnly(
                                    V1_20,
                                    "dev.flinkext:flinkext-s3proxy (test)",
                                    "S3ProxyServer, for HdfsTourITCase's archive on S3"
                                            + " (src/test/flink-1.20)"),
                            new LineOnly(
                                    V1_20,
                                    "dev.flinkext:flinkext-migrate-config (test)",
                                    "TourConfigurationMigrationTest (src/test/flink-1.20):"
                                            + " migrate-config reads Flink 1.x configurations"),
                            new LineOnly(
                                    V1_20,
                                    "dev.flinkext:flinkext-migrate-config:test-jar (test)",
                                    "as flinkext-migrate-config (its MigrationProof)"),
                            new LineOnly(
                                    V2_X,
                                    "dev.flinkext:flinkext-examples@1.20:pom (test)",
                                    "reactor ordering only: CrossVersionRestoreITCase runs the 1.20"
                                            + " tour from that module's target/ in a JVM of its"
                                            + " own"),
                            new LineOnly(
                                    V2_X,
                                    "dev.flinkext:flinkext-tools (test)",
                                    "the 2.x line's command line (flinkext-tools-flink2):"
                                            + " CrossVersionRestoreITCase runs flinkext upgrade on"
                                            + " what Flink 1.20 wrote")),
                    "flinkext-benchmarks",
                    List.of(
                            new LineOnly(
                                    V1_20,
                                    "dev.flinkext:flink-checkpoint-storage-ext (compile)",
                                    "CheckpointStorageBenchmark, a 1.20 benchmark"),
                            new LineOnly(
                                    V1_20,
                                    "dev.flinkext:flinkext-s3proxy (compile)",
                                    "S3ProxyServer, for CheckpointStorageBenchmark's S3 cell"),
                            new LineOnly(
                                    V1_20,
                                    "org.apache.flink:flink-s3-fs-presto (compile)",
                                    "Flink's s3:// filesystem, for CheckpointStorageBenchmark's S3"
                                            + " cell"),
                            new LineOnly(
                                    V1_20,
                                    "org.apache.flink:flink-clients (compile)",
                                    "the 1.20 benchmarks that run jobs on a MiniCluster"
                                            + " (CheckpointStorageBenchmark,"
                                            + " RocksDBProfileBenchmark,"
                                            + " UpgradeConversionBenchmark)"),
                            new LineOnly(
                                    V1_20,
                                    "org.apache.flink:flink-connector-datagen (compile)",
                                    "the sources of those jobs"),
                            new LineOnly(
                                    V2_X,
                                    "org.apache.flink:flink-test-utils (test)",
                                    "MetricListener, for StateMetricsBackendsTest"
                                            + " (src/test/flink-2.x)")),
                    "flinkext-tools",
                    List.of(
                            new LineOnly(
                                    V1_20,
                                    "org.apache.flink:flink-table-planner_2.12 (test)",
                                    "SqlJobsITCase's planner: the Scala-suffixed planner on 1.20,"
                                            + " the planner loader on 2.x"),
                            new LineOnly(
                                    V2_X,
                                    "org.apache.flink:flink-table-planner-loader (test)",
                                    "SqlJobsITCase's planner on 2.x (see flink-table-planner_2.12)"),
                            new LineOnly(
                                    V2_X,
                                    "org.apache.flink:flink-statebackend-forst (compile)",
                                    "Flink 2.x's ForSt backend: verify --deep restores State V2"
                                            + " checkpoints with it (verify.OfflineForSt); 1.20 has"
                                            + " no ForSt"),
                            new LineOnly(
                                    V2_X,
                                    "dev.flinkext:flinkext-kryo2 (compile)",
                                    "Flink 1.x's Kryo 2, relocated: flinkext upgrade on the 2.x line"
                                            + " reads what Flink 1.x wrote with it"),
                            new LineOnly(
                                    V2_X,
                                    "dev.flinkext:flinkext-tools@1.20:pom (test)",
                                    "reactor ordering only: UpgradeCommandITCase writes state with"
                                            + " Flink 1.20 from that module's target/")));

    @Test
    void twinsDeclareTheSameDependenciesButTheLineOnlyOnes() throws Exception {
        List<String> unexplained = new ArrayList<>();
        for (String module : twins()) {
            Set<String> first = declared(module, V1_20);
            Set<String> second = declared(module, V2_X);
            List<LineOnly> allowed = LINE_ONLY.getOrDefault(module, List.of());
            unexplained.addAll(onlyIn(module, V1_20, first, second, allowed));
            unexplained.addAll(onlyIn(module, V2_X, second, first, allowed));
        }
        assertThat(unexplained)
                .as(
                        "dependencies one twin pom declares and the other does not: make the twins"
                                + " agree, or name the dependency in TwinPomsTest.LINE_ONLY with"
                                + " the reason")
                .isEmpty();
    }

    @Test
    void everyLineOnlyDependencyIsOneStill() throws Exception {
        List<String> twins = twins();
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, List<LineOnly>> module : LINE_ONLY.entrySet()) {
            assertThat(twins)
                    .as("LINE_ONLY names a module of the 2.x line")
                    .contains(module.getKey());
            Set<String> first = declared(module.getKey(), V1_20);
            Set<String> second = declared(module.getKey(), V2_X);
            for (LineOnly only : module.getValue()) {
                Set<String> own = only.line().equals(V1_20) ? first : second;
                Set<String> other = only.line().equals(V1_20) ? second : first;
                if (!own.contains(only.declaration()) || other.contains(only.declaration())) {
                    stale.add(
                            module.getKey() + ": " + only.declaration() + " (" + only.line() + ")");
                }
            }
        }
        assertThat(stale)
                .as(
                        "TwinPomsTest.LINE_ONLY entries that are no longer one line's only: remove them")
                .isEmpty();
    }

    private static List<String> onlyIn(
            String module,
            String line,
            Set<String> own,
            Set<String> other,
            List<LineOnly> allowed) {
        List<String> found = new ArrayList<>();
        for (String declaration : own) {
            boolean named =
                    allowed.stream()
                            .anyMatch(
                                    a ->
                                            a.line().equals(line)
                                                    && a.declaration().equals(declaration));
            if (!other.contains(declaration) && !named) {
                found.add(
                        pom(module, line)
                                + " declares "
                                + declaration
                                + ", "
                                + pom(module, line.equals(V1_20) ? V2_X : V1_20)
                                + " does not");
            }
        }
        return found;
    }

    /** The modules of the 2.x line, each the twin of the 1.20 module of the same name. */
    static List<String> twins() throws Exception {
        return Poms.modules(
                FlinkextModules.root().resolve(FlinkextModules.FLINK2_LINE).resolve("pom.xml"));
    }

    /**
     * What {@code module}'s pom of {@code line} declares, one line's artifacts written alike: the
     * 2.x line's {@code X-flink2} as {@code X}; an artifact of the other line's twin module (which
     * a pom may name for the reactor's order) as {@code X@1.20} or {@code X@2.x}.
     */
    static Set<String> declared(String module, String line) throws Exception {
        Set<String> twinArtifacts = new TreeSet<>();
        for (String twin : twins()) {
            twinArtifacts.add(Poms.artifactId(path(twin, V1_20)));
        }
        Set<String> declared = new LinkedHashSet<>();
        for (Poms.Dependency dependency : Poms.dependencies(path(module, line))) {
            String artifact = dependency.artifactId();
            if (dependency.groupId().equals("dev.flinkext")) {
                boolean flink2 = artifact.endsWith("-flink2");
                String base = flink2 ? artifact.substring(0, artifact.length() - 7) : artifact;
                boolean ownLine = flink2 == line.equals(V2_X);
                artifact =
                        ownLine || !twinArtifacts.contains(base)
                                ? base
                                : base + "@" + (flink2 ? V2_X : V1_20);
            }
            declared.add(
                    new Poms.Dependency(
                                    dependency.groupId(),
                                    artifact,
                                    dependency.type(),
                                    dependency.classifier(),
                                    dependency.scope(),
                                    "",
                                    List.of())
                            .toString());
        }
        return declared;
    }

    private static Path path(String module, String line) {
        Path root = FlinkextModules.root();
        return (line.equals(V1_20) ? root : root.resolve(FlinkextModules.FLINK2_LINE))
                .resolve(module)
                .resolve("pom.xml");
    }

    private static String pom(String module, String line) {
        return (line.equals(V1_20) ? "" : FlinkextModules.FLINK2_LINE + "/") + module + "/pom.xml";
    }

    /** A dependency that one line's twin alone declares, and why. */
    record LineOnly(String line, String declaration, String reason) {}
}
