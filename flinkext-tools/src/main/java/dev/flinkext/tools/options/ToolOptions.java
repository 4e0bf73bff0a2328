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
package dev.flinkext.tools.options;

import dev.flinkext.tools.common.BadInputException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.core.plugin.PluginUtils;

import picocli.CommandLine.Option;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options every command shares: Flink configuration ({@code -D key=value}, on top of {@code
 * FLINK_CONF_DIR}'s file when that variable is set), which makes Flink's filesystems (local, HDFS,
 * S3 through the plugins in {@code FLINK_PLUGINS_DIR}) reachable; the classpath for user types in
 * state; and {@code --verbose}.
 */
@Internal
public final class ToolOptions {

    @Option(
            names = "-D",
            paramLabel = "key=value",
            description =
                    "A Flink configuration option, e.g. -D s3.endpoint=http://host:9000 (repeatable)."
                            + " Applied on top of $FLINK_CONF_DIR's configuration file, if set.")
    private Map<String, String> dynamicOptions = new LinkedHashMap<>();

    @Option(
            names = "--classpath",
            paramLabel = "JAR",
            split = ",",
            description =
                    "Jars (or class folders) with the job's classes, for state whose serializers"
                            + " need them (comma-separated or repeated).")
    private List<File> classpath = new ArrayList<>();

    @Option(names = "--verbose", description = "Print the full stack trace when a command fails.")
    private boolean verbose;

    private ClassLoader classLoader;

    /** The configuration Flink's filesystems were last initialized with by a command. */
    private static Configuration initializedWith;

    public boolean verbose() {
        return verbose;
    }

    /** Flink's configuration: the file in FLINK_CONF_DIR (if set), then the -D options. */
    public Configuration configuration() {
        String confDir = System.getenv("FLINK_CONF_DIR");
        Configuration conf =
                confDir == null
                        ? new Configuration()
                        : GlobalConfiguration.loadConfiguration(confDir, new Configuration());
        conf.addAll(Configuration.fromMap(dynamicOptions));
        return conf;
    }

    /**
     * Initializes Flink's filesystems with {@link #configuration()} and the plugins found in
     * FLINK_PLUGINS_DIR (Flink's default: ./plugins), as Flink's own entry points do.
     */
    public void initializeFileSystems() {
        Configuration conf = configuration();
        synchronized (ToolOptions.class) {
            // A command line initializes once. Commands run again in one JVM (tests, embedding)
            // with the same configuration would load every plugin jar again (a third of a second
            // each for the S3 plugin), so only a changed configuration initializes again.
            if (conf.equals(initializedWith)) {
                return;
            }
            PluginManager plugins = PluginUtils.createPluginManagerFromRootFolder(conf);
            FileSystem.initialize(conf, plugins);
            initializedWith = conf;
        }
    }

    /** The class loader for user types: --classpath on top of the tool's own classes. */
    public ClassLoader classLoader() throws BadInputException {
        if (classLoader == null) {
            if (classpath.isEmpty()) {
                classLoader = ToolOptions.class.getClassLoader();
            } else {
                URL[] urls = new URL[classpath.size()];
                for (int i = 0; i < urls.length; i++) {
                    File entry = classpath.get(i);
                    if (!entry.exists()) {
                        throw new BadInputException(
                                entry
                                        + ": no such file; --classpath expects jars or class folders");
                    }
                    try {
                        urls[i] = entry.toURI().toURL();
                    } catch (MalformedURLException e) {
                        throw new BadInputException(entry + ": not a usable classpath entry", e);
                    }
                }
                classLoader = new URLClassLoader(urls, ToolOptions.class.getClassLoader());
            }
        }
        return classLoader;
    }
}
