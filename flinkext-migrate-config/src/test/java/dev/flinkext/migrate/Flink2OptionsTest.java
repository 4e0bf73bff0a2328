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

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flink 2.x catalog shipped in the tool ({@link Flink2Options#RESOURCE}) is what Flink 2.3.0's
 * own jars define. Regenerate it with {@code mvn -pl flinkext-migrate-config test
 * -Dtest=Flink2OptionsTest -Dflinkext.regenerate=true}.
 */
class Flink2OptionsTest {

    @Test
    void shippedCatalogIsWhatFlink2Defines() throws Exception {
        OptionCatalog catalog = Flink2Classpath.catalog();
        assertThat(catalog.unreadable()).isEmpty();
        String scanned = catalog.toText();
        Path shipped =
                Path.of(System.getProperty("flinkext.root", ".."))
                        .resolve("flinkext-migrate-config/src/main/resources")
                        .resolve(Flink2Options.RESOURCE.substring(1));
        if (Boolean.getBoolean("flinkext.regenerate")) {
            Files.writeString(shipped, scanned);
        }
        assertThat(Files.readString(shipped))
                .as(
                        "%s is stale: regenerate it with mvn -pl flinkext-migrate-config test"
                                + " -Dtest=Flink2OptionsTest -Dflinkext.regenerate=true",
                        shipped)
                .isEqualTo(scanned);
        assertThat(Flink2Options.catalog().toText()).isEqualTo(scanned);
    }

    @Test
    void flink2DefinesItsOwnStateKeys() {
        RenameTable flink2 = Flink2Options.renameTable();
        assertThat(flink2.catalog().source()).startsWith("Flink 2.3.0 (");
        assertThat(flink2.catalog().definitions()).hasSizeGreaterThan(500);

        assertThat(flink2.isCurrent("state.backend.type")).isTrue();
        assertThat(flink2.isCurrent("execution.checkpointing.dir")).isTrue();
        assertThat(flink2.isCurrent("state.size-track.keyed-state-enabled")).isTrue();
        // Gone from every option of Flink 2.3.0.
        assertThat(flink2.isKnown("state.backend.async")).isFalse();
        assertThat(flink2.isKnown("taskmanager.network.numberOfBuffers")).isFalse();
        // Deprecated there too, without replacement.
        assertThat(flink2.deprecatedWithoutReplacement("queryable-state.enable")).isPresent();
        // Still read there as deprecated keys, so a 1.20 rename is also right for 2.x.
        assertThat(flink2.renames())
                .containsEntry(
                        "state.checkpoints.dir", java.util.List.of("execution.checkpointing.dir"))
                .containsEntry(
                        "state.backend.latency-track.keyed-state-enabled",
                        java.util.List.of("state.latency-track.keyed-state-enabled"));
    }
}
