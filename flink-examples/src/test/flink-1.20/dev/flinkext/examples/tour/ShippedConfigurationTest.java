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
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.CheckpointStorageLoader;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the repository's own {@code flink-conf.yaml} and {@code config.yaml} the way a Flink 1.20
 * cluster does, and checks the state backend and checkpoint storage that Flink builds from them.
 */
class ShippedConfigurationTest {

    private static final Path ROOT = Path.of(System.getProperty("flinkext.root", ".."));

    @ParameterizedTest
    @ValueSource(strings = {"flink-conf.yaml", "config.yaml"})
    void buildsIncrementalRocksDbWithFilesystemStorage(String file, @TempDir Path confDir)
            throws Exception {
        Configuration conf = load(file, confDir);
        ClassLoader classLoader = getClass().getClassLoader();

        StateBackend backend =
                StateBackendLoader.loadStateBackendFromConfig(conf, classLoader, null);
        assertThat(backend).isInstanceOf(EmbeddedRocksDBStateBackend.class);
        assertThat(((EmbeddedRocksDBStateBackend) backend).isIncrementalCheckpointsEnabled())
                .isTrue();

        CheckpointStorage storage =
                CheckpointStorageLoader.load(
                        null, backend, new Configuration(), conf, classLoader, null);
        assertThat(storage).isInstanceOf(FileSystemCheckpointStorage.class);
        assertThat(((FileSystemCheckpointStorage) storage).getCheckpointPath().toString())
                .isEqualTo("file:/tmp/flinkext/checkpoints");
        assertThat(((FileSystemCheckpointStorage) storage).getSavepointPath().toString())
                .isEqualTo("file:/tmp/flinkext/savepoints");
    }

    @Test
    void bothFormatsHoldTheSameSettings(@TempDir Path legacy, @TempDir Path standard)
            throws Exception {
        Configuration flat = load("flink-conf.yaml", legacy);
        Configuration nested = load("config.yaml", standard);
        assertThat(flat.toMap()).isNotEmpty().isEqualTo(nested.toMap());
    }

    /**
     * Copies one file alone into a directory, since Flink prefers flink-conf.yaml when both exist.
     */
    private static Configuration load(String file, Path confDir) throws Exception {
        Files.copy(ROOT.resolve(file), confDir.resolve(file));
        return GlobalConfiguration.loadConfiguration(confDir.toString());
    }
}
