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
package dev.flinkext.migrate;

import org.apache.flink.configuration.CheckpointingOptions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading Flink's options by reflection, and the catalog's text form. */
class OptionCatalogTest {

    @Test
    void classpathCatalogReadsFlinksOwnOptionObjects() {
        OptionCatalog catalog = OptionCatalog.ofClasspath();
        assertThat(catalog.source()).startsWith("Flink 1.20.");
        assertThat(catalog.unreadable()).isEmpty();
        OptionCatalog.Definition dir =
                catalog.definitions().stream()
                        .filter(d -> d.key().equals("execution.checkpointing.dir"))
                        .findFirst()
                        .orElseThrow();
        assertThat(dir.option()).isSameAs(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        assertThat(dir.origin())
                .isEqualTo(
                        "org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY");
        assertThat(dir.readOrder())
                .containsExactly(
                        "execution.checkpointing.dir",
                        "state.checkpoints.dir",
                        "state.backend.fs.checkpointdir");
        assertThat(dir.description()).isNotBlank().doesNotContain("<");
        // RocksDB's options are scanned too.
        assertThat(catalog.definitions())
                .anyMatch(d -> d.key().equals("state.backend.rocksdb.localdir"));
    }

    @Test
    void textFormRoundTrips() {
        OptionCatalog catalog = OptionCatalog.ofClasspath();
        OptionCatalog read = OptionCatalog.fromText(catalog.toText());
        assertThat(read.source()).isEqualTo(catalog.source());
        assertThat(read.toText()).isEqualTo(catalog.toText());
        assertThat(read.definitions()).hasSameSizeAs(catalog.definitions());
    }
}
