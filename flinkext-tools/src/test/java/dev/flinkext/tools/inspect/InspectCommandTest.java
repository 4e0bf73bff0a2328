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
package dev.flinkext.tools.inspect;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inspect} on input that is no checkpoint: one line on stderr naming the path and what was
 * expected, exit code 2, no stack trace unless {@code --verbose}.
 */
class InspectCommandTest {

    @TempDir Path tmp;

    @Test
    void aMissingPathNamesWhatWasExpected() {
        Path missing = tmp.resolve("nope");
        assertRefused(
                CliRun.of("inspect", missing.toString()),
                missing.toString(),
                "does not exist; expected a chk-N folder, a savepoint folder or a _metadata file");
    }

    @Test
    void aFolderWithoutMetadataIsNoCheckpoint() throws Exception {
        assertRefused(CliRun.of("inspect", tmp.toString()), tmp.toString(), "no _metadata here");
    }

    @Test
    void aJobFolderPointsAtItsCheckpoints() throws Exception {
        Files.createDirectories(tmp.resolve("chk-3"));
        Files.createFile(tmp.resolve("chk-3/_metadata"));
        Files.createDirectories(tmp.resolve("chk-12"));
        Files.createFile(tmp.resolve("chk-12/_metadata"));
        // Still being written: no _metadata yet.
        Files.createDirectories(tmp.resolve("chk-13"));
        Files.createDirectories(tmp.resolve("shared"));
        assertRefused(
                CliRun.of("inspect", tmp.toString()),
                tmp.toString(),
                "this looks like a job's checkpoint folder: pass one of its 2 completed chk-N"
                        + " folders, e.g."
                        + " chk-12");
    }

    @Test
    void aFileThatIsNoMetadataIsRefusedByItsMagicNumber() throws Exception {
        Path file = tmp.resolve("_metadata");
        Files.writeString(file, "state.backend.type: rocksdb\n");
        assertRefused(
                CliRun.of("inspect", file.toString()),
                file.toString(),
                "not Flink checkpoint metadata: it starts with 0x73746174, expected the magic"
                        + " number 0x4960672d");
    }

    @Test
    void truncatedHeaderAndUnknownVersionAreNamed() throws Exception {
        Path file = tmp.resolve("_metadata");
        Files.write(file, new byte[] {0x49, 0x60});
        assertRefused(
                CliRun.of("inspect", file.toString()),
                file.toString(),
                "truncated checkpoint metadata: 2 bytes");

        Files.write(file, ByteBuffer.allocate(8).putInt(0x4960672d).putInt(99).array());
        assertRefused(
                CliRun.of("inspect", file.toString()),
                file.toString(),
                "unknown checkpoint metadata format version 99");

        Files.write(file, ByteBuffer.allocate(12).putInt(0x4960672d).putInt(4).putInt(7).array());
        assertRefused(
                CliRun.of("inspect", file.toString()),
                file.toString(),
                "corrupt or truncated checkpoint metadata (format version 4, 12 bytes): it ends"
                        + " before the metadata is complete");
    }

    @Test
    void anUnknownSchemeNamesThePluginFix() {
        assertRefused(
                CliRun.of("inspect", "nosuchfs://bucket/chk-1"),
                "nosuchfs://bucket/chk-1",
                "no Flink filesystem for scheme 'nosuchfs'");
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path file = tmp.resolve("_metadata");
        Files.write(file, ByteBuffer.allocate(12).putInt(0x4960672d).putInt(4).putInt(7).array());
        CliRun run = CliRun.of("inspect", "--verbose", file.toString());
        assertThat(run.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err).contains("java.io.EOFException", "\tat ");
    }

    private static void assertRefused(CliRun run, String path, String expected) {
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.out).isEmpty();
        assertThat(run.err.strip().lines()).as(run.toString()).hasSize(1);
        assertThat(run.err)
                .startsWith("flinkext inspect: ")
                .contains(path, expected)
                .doesNotContain("\tat ");
    }
}
