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
package dev.flinkext.examples.functions;

import dev.flinkext.state.functions.buffering.Batch;
import dev.flinkext.state.functions.buffering.BatchWriter;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes each batch of alerts to a file named after the batch id, through a temporary file and an
 * atomic rename: writing the same batch again replaces the file with identical contents, so the
 * directory holds every alert exactly once.
 */
@PublicEvolving
public final class AlertFiles implements BatchWriter<String> {

    private static final long serialVersionUID = 1L;

    private final String directory;

    public AlertFiles(Path directory) {
        this.directory = directory.toString();
    }

    @Override
    public void write(Batch<String> batch) throws IOException {
        Path dir = Files.createDirectories(Path.of(directory));
        Path temp = Files.createTempFile(dir, ".writing-", ".tmp");
        Files.write(temp, batch.records());
        Files.move(
                temp,
                dir.resolve(batch.id() + ".txt"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every alert line of every batch file in {@code directory}. */
    public static List<String> read(Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return lines;
    }
}
