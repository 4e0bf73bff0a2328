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

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.LocationProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the rules find the classes: each checked module's {@code target/classes} and {@code
 * target/test-classes} under the repository root (system property {@code flinkext.root}, set by the
 * parent pom's surefire configuration).
 *
 * <p>The reactor has compiled these directories before this module's tests run: this module comes
 * after the checked modules in the parent's {@code <modules>} and depends on them.
 */
final class FlinkextModules {

    /** The modules whose production and test code the rules check. */
    static final List<String> CHECKED =
            List.of(
                    "flink-state-extensions",
                    "flink-state-functions",
                    "flink-checkpoint-storage-ext",
                    "flink-examples",
                    "flinkext-tools-common",
                    "flinkext-tools",
                    "flinkext-migrate-config",
                    "flinkext-cli",
                    "flinkext-rewrite",
                    // Test infrastructure (a real HDFS, a real S3-protocol server, real cluster
                    // processes); checked like the rest, as its classes are public API of the
                    // tests.
                    "flinkext-hdfs",
                    "flinkext-s3proxy",
                    "flinkext-cluster-testing",
                    "flinkext-dist");

    /**
     * Modules the rules leave out, with the reason: they are never shipped and hold no API. {@link
     * CheckedModulesTest} fails when the parent pom names a module in neither list.
     */
    static final List<String> IGNORED =
            List.of(
                    // JMH benchmarks, run by hand; their generated classes follow JMH's naming.
                    "flinkext-benchmarks",
                    // Writes Flink 2.x's classpath for migrate-config's tests; holds no Java code.
                    "flinkext-flink2-classpath",
                    // Flink 1.x's Kryo relocated (for flinkext upgrade); holds no Java code.
                    "flinkext-kryo2",
                    // This module.
                    "flinkext-architecture-tests");

    /**
     * The folder of the Flink 2.x line: its modules build the shared sources of the modules above
     * again (see {@link LineAdaptersTest}), so the rules here see each class once, in its 1.20
     * build.
     */
    static final String FLINK2_LINE = "flink2";

    private static final ImportOption ONLY_TESTS = new ImportOption.OnlyIncludeTests();

    private FlinkextModules() {}

    /** The repository root. */
    static Path root() {
        String root = System.getProperty("flinkext.root");
        if (root == null) {
            throw new IllegalStateException(
                    "System property flinkext.root is not set; run the tests through Maven from the"
                            + " repository root.");
        }
        return Paths.get(root);
    }

    /** Whether {@code javaClass} was compiled from a module's {@code src/test}. */
    static boolean isTestClass(JavaClass javaClass) {
        return javaClass
                .getSource()
                .map(source -> ONLY_TESTS.includes(Location.of(source.getUri())))
                .orElse(false);
    }

    private static Set<Location> locations(String... outputDirectories) {
        Set<Location> locations = new LinkedHashSet<>();
        for (String module : CHECKED) {
            for (String output : outputDirectories) {
                Path dir = root().resolve(module).resolve("target").resolve(output);
                String sources = output.equals("classes") ? "src/main" : "src/test";
                if (!Files.isDirectory(root().resolve(module).resolve(sources))) {
                    // E.g. flinkext-dist: a jar assembled from other modules, with tests only.
                    continue;
                }
                if (!Files.isDirectory(dir)) {
                    throw new IllegalStateException(
                            dir
                                    + " does not exist: build the checked modules first, e.g. mvn"
                                    + " verify -pl flinkext-architecture-tests -am");
                }
                locations.add(Location.of(dir));
            }
        }
        return locations;
    }

    /** Every checked module's production classes. */
    static final class ProductionClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return locations("classes");
        }
    }

    /** Every checked module's production and test classes. */
    static final class AllClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return locations("classes", "test-classes");
        }
    }
}
