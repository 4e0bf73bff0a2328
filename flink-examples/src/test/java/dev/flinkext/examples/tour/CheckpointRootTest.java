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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --checkpoint-dir}: local folders and URIs, and a URI no filesystem serves. */
class CheckpointRootTest {

    private final CommandLine commandLine = new CommandLine(new StateTour(System.out));

    @Test
    void aLocalFolderIsCreatedAndGivenAsAFileUri(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("a/b");
        CheckpointRoot root = CheckpointRoot.of(folder.toString(), commandLine);
        assertThat(folder).isDirectory();
        assertThat(root.uri()).isEqualTo(folder.toUri().toString());
        assertThat(root).hasToString(folder.toString());

        Path other = dir.resolve("c");
        CheckpointRoot fromUri = CheckpointRoot.of(other.toUri().toString(), commandLine);
        assertThat(other).isDirectory();
        assertThat(fromUri).hasToString(other.toString());
    }

    @Test
    void aSchemeNoFilesystemServesFailsBeforeAnyRun() {
        StringWriter err = new StringWriter();
        int exit =
                new CommandLine(new StateTour(System.out))
                        .setErr(new PrintWriter(err))
                        .execute("--config", "8", "--checkpoint-dir", "nosuchfs://bucket/tour");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst().orElse(""))
                .contains("--checkpoint-dir nosuchfs://bucket/tour")
                .contains("no Flink filesystem for scheme 'nosuchfs'")
                .contains("hdfs://namenode:8020/flink/tour");
    }
}
