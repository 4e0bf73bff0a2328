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

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.GlobalConfiguration;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Flink 2.x adapter: how a run's configuration reaches its job. Flink 2.x reads only {@code
 * config.yaml} (standard YAML; {@code flink-conf.yaml} is gone), so each run's keys are written as
 * one, in Flink's own nested YAML ({@link ConfigurationUtils#convertConfigToWritableLines}), and
 * the job starts from what Flink's loader ({@link GlobalConfiguration#loadConfiguration(String)})
 * reads back: a key Flink 2.x cannot parse fails the run as it would fail a cluster. The file sits
 * in the run's folder ({@code <dir>/conf/config.yaml}) when checkpoints go to a local folder, else
 * in a temporary folder; the progress lines name it. The 1.20 line's class of this name hands the
 * configuration over as it is.
 */
@Internal
final class ConfigurationFile {

    private ConfigurationFile() {}

    /** Writes {@code conf} as a {@code config.yaml} and returns what Flink 2.x loads from it. */
    static Configuration load(Configuration conf, String checkpointDir, PrintStream progress) {
        try {
            Path folder =
                    checkpointDir.startsWith("file:")
                            ? Files.createDirectories(
                                    Path.of(URI.create(checkpointDir)).resolve("conf"))
                            : Files.createTempDirectory("flinkext-tour-conf");
            Path file = folder.resolve(GlobalConfiguration.FLINK_CONF_FILENAME);
            Files.write(file, ConfigurationUtils.convertConfigToWritableLines(conf, false));
            progress.printf("    config.yaml: %s%n", file);
            return GlobalConfiguration.loadConfiguration(folder.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's config.yaml: " + e, e);
        }
    }
}
