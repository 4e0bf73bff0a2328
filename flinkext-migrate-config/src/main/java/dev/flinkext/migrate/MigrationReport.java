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

import dev.flinkext.migrate.ConfigFile.Format;
import dev.flinkext.migrate.ConfigMigrator.Migration;
import dev.flinkext.migrate.Finding.Kind;

import org.apache.flink.annotation.Internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The text report of a migration: one block per finding, then a summary. */
@Internal
public final class MigrationReport {

    private static final String PAD = "                    ";

    /** Report lines wrap here, so that the report reads in a terminal. */
    private static final int WIDTH = 110;

    private MigrationReport() {}

    /** Prints the report of {@code migration} of {@code fileName} to {@code out}. */
    public static void print(
            PrintWriter out,
            String fileName,
            Format format,
            MigrationTarget target,
            Migration migration) {
        out.println(
                "flinkext migrate-config: "
                        + fileName
                        + " ("
                        + format.description()
                        + ") for Flink "
                        + target.label()
                        + ", as standard YAML");
        for (Finding finding : migration.findings()) {
            String head = String.format("line %-4d %-14s", finding.line(), finding.kind().label());
            out.println("  " + head + finding.before());
            for (String after : finding.after()) {
                out.println("  " + PAD + "    ==> " + after);
            }
            wrap(out, "  " + PAD + "    why: ", "  " + PAD + "         ", finding.why());
        }
        out.println(summary(migration));
    }

    /** Options classes the tool could not read, which leave their keys unknown. */
    public static void printUnreadable(PrintWriter out, OptionCatalog catalog) {
        for (String unreadable : catalog.unreadable()) {
            out.println("Note: could not read Flink's options class " + unreadable);
        }
    }

    private static void wrap(PrintWriter out, String first, String next, String text) {
        StringBuilder line = new StringBuilder(first);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > next.length()) {
                out.println(line.toString().stripTrailing());
                line = new StringBuilder(next);
            }
            line.append(word).append(' ');
        }
        out.println(line.toString().stripTrailing());
    }

    /** E.g. {@code 3 renamed, 1 translated; 2 keys unknown to Flink kept verbatim: a, b}. */
    public static String summary(Migration migration) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        migration.findings().forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach(
                (kind, count) ->
                        parts.add(
                                count
                                        + " "
                                        + (kind == Kind.WARNING && count > 1
                                                ? "warnings"
                                                : kind == Kind.NOTE && count > 1
                                                        ? "notes"
                                                        : kind.label())));
        String summary =
                migration.changesAnything()
                        ? "Summary: " + String.join(", ", parts)
                        : "Nothing to migrate"
                                + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
        if (!migration.unknownKeys().isEmpty()) {
            summary +=
                    "; "
                            + migration.unknownKeys().size()
                            + (migration.unknownKeys().size() == 1 ? " key" : " keys")
                            + " unknown to Flink's options, kept verbatim: "
                            + String.join(", ", migration.unknownKeys());
        }
        return summary + ".";
    }
}
