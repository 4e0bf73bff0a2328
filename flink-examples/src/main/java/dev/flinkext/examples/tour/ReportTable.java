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
import java.util.List;
import java.util.Locale;

/** Formats tour reports as a plain-text table, one row per run. */
@Internal
public final class ReportTable {

    private static final String[] HEADER = {
        "run",
        "configured as",
        "state backend (resolved)",
        "checkpoint storage (resolved)",
        "ckpts",
        "last ckpt: uploaded / full",
        "all ckpts: uploaded / full",
        "ckpt time",
        "recovery",
        "restored from",
        "verified"
    };

    private ReportTable() {}

    public static String format(List<RunReport> reports) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RunReport r : reports) {
            rows.add(
                    new String[] {
                        r.label(),
                        r.description(),
                        r.stateBackend(),
                        r.checkpointStorage(),
                        Long.toString(r.completedCheckpoints()),
                        bytes(r.lastCheckpointedBytes()) + " / " + bytes(r.lastFullBytes()),
                        bytes(r.allCheckpointedBytes()) + " / " + bytes(r.allFullBytes()),
                        millis(r.lastCheckpointDuration()),
                        millis(r.recovery()),
                        lastSegment(r.restoredFrom()),
                        r.verified()
                                ? "yes (" + r.verifiedKeys() + " keys)"
                                : "NO: " + String.join("; ", r.problems())
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
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                out.append(i == 0 ? "" : " | ");
                out.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** The checkpoint's own folder ("chk-7"); the root of the run is printed above the table. */
    private static String lastSegment(String path) {
        if (path == null) {
            return "-";
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static String millis(Duration duration) {
        return duration == null ? "-" : duration.toMillis() + " ms";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
