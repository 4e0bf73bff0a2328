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
package dev.flinkext.testing.cluster;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.FileUtils;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;

/**
 * JUnit 5: one {@link ProcessCluster} per test class, started before its first test and killed
 * after its last, even when a test fails. Register it as {@code @RegisterExtension static final}.
 * The Flink home is a temporary folder (deleted afterwards); the logs stay in {@code
 * <flinkext.cluster.logs>/<test class>/} (default {@code target/cluster-logs}) for the test report.
 */
@PublicEvolving
public final class ProcessClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final Consumer<ProcessCluster.Builder> setup;
    private ProcessCluster cluster;
    private Path home;

    /** {@code setup} configures the cluster (lib/ jars, keys, TaskManagers). */
    public ProcessClusterExtension(Consumer<ProcessCluster.Builder> setup) {
        this.setup = setup;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        home = Files.createTempDirectory("flinkext-cluster-home");
        Path logs =
                Paths.get(System.getProperty("flinkext.cluster.logs", "target/cluster-logs"))
                        .resolve(context.getRequiredTestClass().getSimpleName());
        ProcessCluster.Builder builder = ProcessCluster.builder(home, logs);
        setup.accept(builder);
        cluster = builder.build();
        try {
            cluster.start();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (home != null) {
                FileUtils.deleteDirectoryQuietly(home.toFile());
            }
        }
    }

    /** The running cluster. */
    public ProcessCluster cluster() {
        return cluster;
    }

    /** The cluster's REST helpers. */
    public ClusterJobs jobs() {
        return new ClusterJobs(cluster);
    }
}
