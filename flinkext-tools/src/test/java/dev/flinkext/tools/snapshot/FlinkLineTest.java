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
package dev.flinkext.tools.snapshot;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.OtherLineException;

import org.apache.flink.runtime.checkpoint.Checkpoints;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each line knows what its Flink reads, from the Flink on the classpath, and a snapshot of a newer
 * format is handed to the 2.x line when the launcher has it, else one line of bad input.
 */
class FlinkLineTest {

    @TempDir Path tmp;

    @AfterEach
    void noLauncher() {
        System.clearProperty(OtherLineException.PROPERTY);
    }

    @Test
    void theLineIsTheFlinkOnTheClasspath() {
        boolean flink1 = FlinkLine.flinkVersion().startsWith("1.");
        assertThat(FlinkLine.name()).isEqualTo(flink1 ? FlinkLine.FLINK_1 : FlinkLine.FLINK_2);
        // Flink 1.20 writes and reads format version 4; Flink 2.3 writes 6 and reads 1 to 6.
        assertThat(FlinkLine.newestMetadataVersion()).isEqualTo(flink1 ? 4 : 6);
        assertThat(FlinkLine.readWith()).isEqualTo("Flink " + FlinkLine.flinkVersion());
    }

    @Test
    void aFormatNewerThanTheLineReadsGoesToTheNextLineOrIsOneLine() throws Exception {
        int newer = FlinkLine.newestMetadataVersion() + 1;
        Path metadata = metadataOfVersion(newer);
        if (FlinkLine.name().equals(FlinkLine.FLINK_1)) {
            System.setProperty(OtherLineException.PROPERTY, "2.x");
            assertThatThrownBy(() -> Snapshot.load(metadata.toUri().toString(), loader()))
                    .isInstanceOfSatisfying(
                            OtherLineException.class,
                            e -> {
                                assertThat(e.line()).isEqualTo(FlinkLine.FLINK_2);
                                assertThat(e.lineAtHand()).isTrue();
                            });
            System.clearProperty(OtherLineException.PROPERTY);
            assertThatThrownBy(() -> Snapshot.load(metadata.toUri().toString(), loader()))
                    .isInstanceOfSatisfying(
                            OtherLineException.class, e -> assertThat(e.lineAtHand()).isFalse())
                    .hasMessageContaining("unknown checkpoint metadata format version 5")
                    .hasMessageContaining("Flink 2.x wrote this");
        } else {
            assertThatThrownBy(() -> Snapshot.load(metadata.toUri().toString(), loader()))
                    .isExactlyInstanceOf(BadInputException.class)
                    .hasMessageContaining("unknown checkpoint metadata format version 7")
                    .hasMessageContaining("reads versions 1 to 6; a newer Flink wrote this?");
        }
    }

    private Path metadataOfVersion(int version) throws IOException {
        Path file = tmp.resolve("_metadata");
        try (OutputStream out = Files.newOutputStream(file);
                DataOutputStream data = new DataOutputStream(out)) {
            data.writeInt(Checkpoints.HEADER_MAGIC_NUMBER);
            data.writeInt(version);
            data.writeLong(42);
        }
        return file;
    }

    private static ClassLoader loader() {
        return FlinkLineTest.class.getClassLoader();
    }
}
