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

import org.apache.flink.annotation.Internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formats tour reports for a terminal: a table with one short row per run, then a legend with what
 * each run configured, then the problems of the runs that did not verify. No line is wider than
 * {@link #MAX_WIDTH}; the report file ({@link TourReport}) holds the same and more, unabridged.
 */
@Internal
public final class ReportTable {

    /** The widest line this class prints, in characters. */
    public static final int MAX_WIDTH = 160;

    private static final String SEPARATOR = "  ";

    private static final String[] HEADER = {
        "run",
        "backend",
        "storage",
        "ckpts",
        "last ckpt: up / full",
        "all ckpts: up / full",
        "ckpt time",
        "recovery",
        "restored",
        "verified"
    };

    private static final String LEGEND =
            "What each run configured (dir: the run's folder under the checkpoint root;"
                    + " A -> B: a checkpoint retained under A restored by a new job under B):";

    private static final String COLUMNS =
            "Columns: backend and storage as the JobManager resolved them, without the suffix"
                    + " StateBackend or CheckpointStorage; ckpts: completed checkpoints;"
                    + " up / full: bytes uploaded / full state size, of the last completed"
                    + " checkpoint and of all of them; ckpt time: the last checkpoint's duration;"
                    + " recovery: from the injected failure to the restore (-: the run restored"
                    + " without a failure); restored: the"
                    + " checkpoint the run restored from (JM: held in the JobManager's memory).";

    private ReportTable() {}

    /** The table, its legend and, if any run failed, its problems, separated by blank lines. */
    public static String format(List<RunReport> reports) {
        StringBuilder out = new StringBuilder(table(reports)).append('\n').append(legend(reports));
        String problems = problems(reports);
        if (!problems.isEmpty()) {
            out.append('\n').append(problems);
        }
        return out.toString();
    }

    /** One row per run under a header; the long configuration text is in {@link #legend}. */
    static String table(List<RunReport> reports) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RunReport r : reports) {
            rows.add(
                    new String[] {
                        r.label(),
                        withoutSuffix(r.stateBackend(), "StateBackend"),
                        withoutSuffix(
                                withoutSuffix(r.checkpointStorage(), "CheckpointStorage"),
                                "StateBackend"),
                        Long.toString(r.completedCheckpoints()),
                        bytes(r.lastCheckpointedBytes()) + " / " + bytes(r.lastFullBytes()),
                        bytes(r.allCheckpointedBytes()) + " / " + bytes(r.allFullBytes()),
                        millis(r.lastCheckpointDuration()),
                        millis(r.recovery()),
                        restored(r.restoredFrom()),
                        r.verified() ? "yes" : "NO"
                    });
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            appendRow(out, rows.get(r), widths);
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                appendRow(out, rule, widths);
            }
        }
        return out.toString();
    }

    /**
     * One entry per run label, in the table's order: the configuration's full name and everything
     * it sets, wrapped; then what the columns mean.
     */
    static String legend(List<RunReport> reports) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (RunReport r : reports) {
            // A migration's second configuration starts a line of its own.
            entries.putIfAbsent(
                    r.label(), r.name() + ": " + r.description().replace(Migration.THEN, "\n==> "));
        }
        StringBuilder out = new StringBuilder();
        wrap(LEGEND, MAX_WIDTH).forEach(line -> out.append(line).append('\n'));
        appendEntries(out, entries);
        out.append('\n');
        wrap(COLUMNS, MAX_WIDTH).forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** What went wrong in each run that did not verify; empty if every run verified. */
    static String problems(List<RunReport> reports) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (RunReport r : reports) {
            if (!r.verified()) {
                List<String> lines = new ArrayList<>();
                lines.add(r.verifiedKeys() + " of " + r.expectedKeys() + " keys verified");
                lines.addAll(r.problems());
                entries.merge(r.label(), String.join("\n", lines), (a, b) -> a + "\n" + b);
            }
        }
        if (entries.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("Problems:\n");
        appendEntries(out, entries);
        return out.toString();
    }

    /**
     * Label, then its text wrapped into a column beside it. Each line of the text starts a new
     * line; a label too wide to leave room for the text gets the text on the lines below it.
     */
    private static void appendEntries(StringBuilder out, Map<String, String> entries) {
        int labelWidth = entries.keySet().stream().mapToInt(String::length).max().orElse(0);
        int indent = Math.min(labelWidth, MAX_WIDTH / 4) + SEPARATOR.length();
        int textWidth = MAX_WIDTH - indent;
        entries.forEach(
                (label, text) -> {
                    List<String> lines = new ArrayList<>();
                    for (String paragraph : text.split("\n")) {
                        lines.addAll(wrap(paragraph, textWidth));
                    }
                    String first = pad(label, indent - SEPARATOR.length()) + SEPARATOR;
                    if (first.length() > indent) {
                        out.append(label).append('\n');
                        first = " ".repeat(indent);
                    }
                    for (int i = 0; i < lines.size(); i++) {
                        out.append(i == 0 ? first : " ".repeat(indent))
                                .append(lines.get(i))
                                .append('\n');
                    }
                });
    }

    /**
     * Breaks {@code text} at spaces into lines of at most {@code width} characters; a word longer
     * than a line is cut. Runs of spaces count as one. A word ending in a colon stays on the line
     * of the word after it, so that {@code key: value} is not split where it fits on a line.
     */
    static List<String> wrap(String text, int width) {
        List<String> words = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            int last = words.size() - 1;
            if (last >= 0
                    && words.get(last).endsWith(":")
                    && words.get(last).length() + 1 + word.length() <= width) {
                words.set(last, words.get(last) + " " + word);
            } else {
                words.add(word);
            }
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            while (word.length() > width) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!word.isEmpty()) {
                line.append(line.length() == 0 ? "" : " ").append(word);
            }
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        for (int i = 0; i < row.length; i++) {
            out.append(i == 0 ? "" : SEPARATOR);
            out.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
        }
        out.append('\n');
    }

    /**
     * The checkpoint's own folder ("chk-7"); the root of the run is printed above the table and the
     * full path is in the report file.
     */
    private static String restored(String path) {
        if (path == null) {
            return "-";
        }
        if (path.endsWith(TourRunner.IN_JOBMANAGER_MEMORY)) {
            return path.substring(0, path.length() - TourRunner.IN_JOBMANAGER_MEMORY.length())
                    + " (JM)";
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static String withoutSuffix(String className, String suffix) {
        return className.endsWith(suffix) && className.length() > suffix.length()
                ? className.substring(0, className.length() - suffix.length())
                : className;
    }

    private static String millis(Duration duration) {
        return duration == null ? "-" : duration.toMillis() + " ms";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
