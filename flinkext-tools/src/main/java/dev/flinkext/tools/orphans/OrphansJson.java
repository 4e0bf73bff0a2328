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

import dev.flinkext.tools.common.Json;
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.snapshot.FlinkLine;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code orphans --json}, written as it goes with Jackson's generator, indented as every command's
 * JSON ({@link Json}): {@code jobDirectory}, {@code readWith}, {@code checkpoints}, {@code
 * referencingCheckpoints}, {@code referencedFiles}, {@code orphans[]} ({@code path}, {@code
 * sizeBytes}, {@code modified}), {@code orphanBytes}, {@code olderThanSeconds}, {@code
 * youngUnreferencedFiles}, {@code inProgressFolders}, {@code workingDatabases[]} ({@code path},
 * {@code unreferencedFiles}, {@code unreferencedBytes}), {@code deleted}, {@code freedBytes},
 * {@code failedDeletes}.
 */
@Internal
final class OrphansJson extends OrphansOutput {

    /** Orphans between two flushes of stdout. */
    private static final int FLUSH_EVERY = 1_000;

    private final PrintWriter out;
    private final JsonGenerator json;

    OrphansJson(PrintWriter out, Progress progress) throws IOException {
        super(progress);
        this.out = out;
        this.json = Json.mapper().getFactory().createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.setPrettyPrinter(new DefaultPrettyPrinter());
    }

    @Override
    void begin(OrphanScan scan) {
        try {
            writeBegin(scan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeBegin(OrphanScan scan) throws IOException {
        beforeWriting();
        json.writeStartObject();
        json.writeStringField("jobDirectory", scan.jobDir().toString());
        json.writeStringField("readWith", FlinkLine.readWith());
        strings("checkpoints", scan.checkpoints());
        strings("referencingCheckpoints", scan.referencingCheckpoints());
        json.writeNumberField("referencedFiles", scan.referencedFiles());
        json.writeArrayFieldStart("orphans");
        json.flush();
    }

    @Override
    void writeOrphan(OrphanScan.Found orphan) {
        try {
            write(orphan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(OrphanScan.Found orphan) throws IOException {
        if (orphans() % FLUSH_EVERY == 0) {
            beforeWriting();
        }
        json.writeStartObject();
        json.writeStringField("path", orphan.path());
        json.writeNumberField("sizeBytes", orphan.length());
        json.writeStringField("modified", Instant.ofEpochMilli(orphan.modified()).toString());
        json.writeEndObject();
        if (orphans() % FLUSH_EVERY == 0) {
            json.flush();
        }
    }

    @Override
    void end(OrphanScan scan, boolean deleting) {
        try {
            writeEnd(scan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeEnd(OrphanScan scan) throws IOException {
        beforeWriting();
        json.writeEndArray();
        json.writeNumberField("orphanBytes", orphanBytes());
        json.writeNumberField("olderThanSeconds", scan.olderThan().toSeconds());
        json.writeNumberField("youngUnreferencedFiles", scan.youngUnreferencedFiles());
        strings("inProgressFolders", scan.inProgressFolders());
        json.writeArrayFieldStart("workingDatabases");
        for (OrphanScan.WorkingDatabase database : scan.workingDatabases()) {
            json.writeStartObject();
            json.writeStringField("path", database.path());
            json.writeNumberField("unreferencedFiles", database.files());
            json.writeNumberField("unreferencedBytes", database.bytes());
            json.writeEndObject();
        }
        json.writeEndArray();
        spooled("deleted", deletedPaths());
        json.writeNumberField("freedBytes", freedBytes());
        spooled("failedDeletes", failures());
        json.writeEndObject();
        json.flush();
        out.println();
        out.flush();
    }

    private void strings(String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private void spooled(String field, Spool values) throws IOException {
        json.writeArrayFieldStart(field);
        try {
            values.forEach(
                    value -> {
                        try {
                            json.writeString(value);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        json.writeEndArray();
    }

    @Override
    public void close() {
        try {
            // Closes what is open (after a failure midway, stdout still holds valid JSON).
            json.close();
        } catch (IOException e) {
            // stdout is gone: nothing to tell it.
        }
        out.flush();
        super.close();
    }
}
