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
package dev.flinkext.tools.orphans;

import org.apache.flink.annotation.Internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lines of a report that are printed after others still being streamed (the deleted files come
 * after the orphans): the first {@value #IN_MEMORY} in memory, the rest in a temporary file, so
 * that deleting millions of files holds no list of them.
 */
@Internal
final class Spool implements AutoCloseable {

    static final int IN_MEMORY = 10_000;

    private final List<String> head = new ArrayList<>();
    private Path file;
    private DataOutputStream tail;
    private long size;

    void add(String line) {
        size++;
        if (head.size() < IN_MEMORY) {
            head.add(line);
            return;
        }
        try {
            if (tail == null) {
                file = Files.createTempFile("flinkext-orphans-", ".spool");
                tail = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
            }
            tail.writeUTF(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the report to " + file, e);
        }
    }

    long size() {
        return size;
    }

    /** Every line, in the order added. */
    void forEach(Consumer<String> action) {
        head.forEach(action);
        if (tail == null) {
            return;
        }
        try {
            tail.flush();
            try (DataInputStream in =
                    new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                for (long i = head.size(); i < size; i++) {
                    action.accept(in.readUTF());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled report " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            if (tail != null) {
                tail.close();
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A temporary file left behind is no reason to fail the command.
        }
    }
}
