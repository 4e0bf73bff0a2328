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

import java.io.PrintStream;

/**
 * Flink 1.20 adapter: how a run's configuration reaches its job. On Flink 1.20 the tour hands it
 * over as it is (the shipped {@code flink-conf.yaml} and {@code config.yaml} are checked by their
 * own tests); the 2.x line's class of this name writes it as a {@code config.yaml} and reads it
 * back with Flink's own loader.
 */
@Internal
final class ConfigurationFile {

    private ConfigurationFile() {}

    /** The configuration a run's job starts from: {@code conf} itself on Flink 1.20. */
    static Configuration load(Configuration conf, String checkpointDir, PrintStream progress) {
        return conf;
    }
}
