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
package dev.flinkext.testing.hdfs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * JUnit 5 extension: one {@link HdfsCluster} per test class, started before all its tests and shut
 * down after them, whatever they did (JUnit runs {@code afterAll} even when a test or a later
 * {@code beforeAll} fails). Register it before the extensions that use it:
 *
 * <pre>{@code
 * @RegisterExtension static final HdfsClusterExtension HDFS = new HdfsClusterExtension();
 * ... HDFS.uri("checkpoints") ...
 * }</pre>
 *
 * <p>Its storage is a new folder under {@code target/hdfs/} of the module the tests run in. It
 * initializes Flink's filesystems with {@link HdfsCluster#flinkConfiguration()} (and resets them
 * after); a test that needs more (e.g. S3 keys) initializes them again with that configuration and
 * its own keys.
 */
@Internal
public final class HdfsClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private HdfsCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path parent = Paths.get("target", "hdfs");
        Files.createDirectories(parent);
        Path base =
                Files.createTempDirectory(parent, context.getRequiredTestClass().getSimpleName());
        cluster = HdfsCluster.start(base);
        FileSystem.initialize(cluster.flinkConfiguration(), null);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        } finally {
            FileSystem.initialize(new Configuration(), null);
        }
    }

    /** The running cluster. */
    public HdfsCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("The HDFS cluster runs only while the test class does");
        }
        return cluster;
    }

    /** {@code hdfs://127.0.0.1:<port>/<path>}. */
    public URI uri(String path) {
        return cluster().uri(path);
    }
}
