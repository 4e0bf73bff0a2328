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

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Initializes Flink's filesystems with {@code flink-s3-fs-presto} loaded as a plugin from {@code
 * target/plugins/} (the build copies it there), as a Flink distribution loads it from {@code
 * plugins/}: the presto filesystem carries a Hadoop of its own, which in its plugin class loader
 * stays apart from the Hadoop client that serves {@code hdfs://} from the classpath.
 */
final class S3Plugin {

    private S3Plugin() {}

    static void initializeFileSystems(Configuration conf) throws IOException {
        Path plugins = Paths.get("target", "plugins").toAbsolutePath();
        if (!Files.isDirectory(plugins.resolve("s3-fs-presto"))) {
            throw new IllegalStateException(
                    plugins
                            + "/s3-fs-presto is missing: the build copies flink-s3-fs-presto there in"
                            + " process-test-resources (run the tests through Maven)");
        }
        FileSystem.initialize(
                conf,
                new DefaultPluginManager(
                        new DirectoryBasedPluginFinder(plugins).findPlugins(),
                        CoreOptions.getPluginParentFirstLoaderPatterns(conf)));
    }
}
