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

import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.common.Sizes;
import dev.flinkext.tools.snapshot.FlinkLine;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code orphans} as text, written as it goes: the references, the table of orphans ({@code FILE},
 * {@code SIZE}, {@code MODIFIED}), then what was left alone and the totals. The table is written
 * {@value #CHUNK} rows at a time, its columns as wide as the widest cell so far: a wider path later
 * widens the rows after it.
 */
@Internal
final class OrphansText extends OrphansOutput {

    static final int CHUNK = 1_000;

    private final PrintWriter out;
    private final List<String[]> rows = new ArrayList<>();
    private final int[] widths = {"FILE".length(), "SIZE".length(), "MODIFIED".length()};
    private boolean headerWritten;

    OrphansText(PrintWriter out, Progress progress) {
        super(progress);
        this.out = out;
    }

    @Override
    void begin(OrphanScan scan) {
        beforeWriting();
        out.printf(
                "%d completed checkpoints here (%s)%s reference %d files (read with %s)%n",
                scan.checkpoints().size(),
                String.join(", ", names(scan.checkpoints())),
                scan.referencingCheckpoints().isEmpty()
                        ? ""
                        : " and "
                                + scan.referencingCheckpoints().size()
                                + " of sibling jobs or --reference",
                scan.referencedFiles(),
                FlinkLine.readWith());
        out.flush();
    }

    @Override
    void writeOrphan(OrphanScan.Found orphan) {
        rows.add(
                new String[] {
                    orphan.path(),
                    Sizes.format(orphan.length()),
                    Instant.ofEpochMilli(orphan.modified()).toString()
                });
        if (rows.size() == CHUNK) {
            writeRows();
        }
    }

    private void writeRows() {
        if (rows.isEmpty()) {
            return;
        }
        beforeWriting();
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        if (!headerWritten) {
            line("FILE", "SIZE", "MODIFIED");
            headerWritten = true;
        }
        for (String[] row : rows) {
            line(row[0], row[1], row[2]);
        }
        rows.clear();
        out.flush();
    }

    private void line(String file, String size, String modified) {
        String line =
                file
                        + " ".repeat(widths[0] - file.length())
                        + "  "
                        + " ".repeat(widths[1] - size.length())
                        + size
                        + "  "
                        + modified;
        out.append(line.stripTrailing()).append('\n');
    }

    @Override
    void end(OrphanScan scan, boolean deleting) {
        writeRows();
        beforeWriting();
        for (String folder : scan.inProgressFolders()) {
            out.append("left alone: ")
                    .append(folder)
                    .append(" (no _metadata, modified recently: still being written?)\n");
        }
        for (OrphanScan.WorkingDatabase database : scan.workingDatabases()) {
            out.printf(
                    "left alone: %d unreferenced files (%s) in ForSt working database %s"
                            + " (a running job's; --job-stopped once it runs no more)%n",
                    database.files(), Sizes.format(database.bytes()), database.path());
        }
        if (scan.youngUnreferencedFiles() > 0) {
            out.printf(
                    "left alone: %d unreferenced files modified less than %s ago%n",
                    scan.youngUnreferencedFiles(),
                    Duration.ofSeconds(scan.olderThan().toSeconds()));
        }
        if (orphans() == 0) {
            out.append("no orphans\n");
        } else {
            out.printf("%d orphans, %s%n", orphans(), Sizes.format(orphanBytes()));
        }
        if (deleting) {
            out.printf(
                    "deleted %d files and folders, freed %s%n",
                    deletedPaths().size(), Sizes.format(freedBytes()));
            failures()
                    .forEach(
                            failure ->
                                    out.append("could not delete: ").append(failure).append('\n'));
        } else if (orphans() > 0) {
            out.append("dry run: nothing deleted (--delete removes the orphans)\n");
        }
        out.flush();
    }

    @Override
    public void close() {
        // After a failure midway, the rows found so far still reach stdout.
        writeRows();
        super.close();
    }

    private static List<String> names(List<String> folders) {
        List<String> names = new ArrayList<>();
        for (String folder : folders) {
            names.add(new Path(folder).getName());
        }
        return names;
    }
}
