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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tour's table, legend and problems, from hand-made reports. */
class ReportTableTest {

    @Test
    void tableShowsOneRowPerRunAndTheVerdict() {
        RunReport good =
                new RunReport(
                        TourConfiguration.HASHMAP_FILESYSTEM.label(),
                        TourConfiguration.HASHMAP_FILESYSTEM.name(),
                        TourConfiguration.HASHMAP_FILESYSTEM.description(),
                        "HashMapStateBackend",
                        "FileSystemCheckpointStorage",
                        5,
                        2048,
                        2048,
                        10240,
                        10240,
                        Duration.ofMillis(12),
                        Duration.ofMillis(30),
                        "file:/tmp/x/job/chk-3",
                        4096,
                        10,
                        10,
                        List.of());
        RunReport bad =
                new RunReport(
                        TourConfiguration.HASHMAP_JOBMANAGER.label(),
                        TourConfiguration.HASHMAP_JOBMANAGER.name(),
                        TourConfiguration.HASHMAP_JOBMANAGER.description(),
                        "HashMapStateBackend",
                        "JobManagerCheckpointStorage",
                        0,
                        0,
                        0,
                        0,
                        0,
                        Duration.ZERO,
                        null,
                        "chk-9" + TourRunner.IN_JOBMANAGER_MEMORY,
                        0,
                        3,
                        10,
                        List.of("key 4: ValueState count 1 != 2"));

        String table = ReportTable.table(List.of(good, bad));
        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().skip(2))
                .satisfiesExactly(
                        row ->
                                assertThat(row)
                                        .startsWith("#7 hashmap-fs  ")
                                        .contains("  HashMap  ")
                                        .contains("  FileSystem  ")
                                        .contains("2.0 KiB / 2.0 KiB")
                                        .contains("10.0 KiB / 10.0 KiB")
                                        .contains("12 ms")
                                        .contains("30 ms")
                                        .contains("  chk-3  ")
                                        .endsWith("yes"),
                        row ->
                                assertThat(row)
                                        .startsWith("#8 hashmap-jm  ")
                                        .contains("  JobManager  ")
                                        .contains("  chk-9 (JM)  ")
                                        .endsWith("NO"));

        String printed = ReportTable.format(List.of(good, bad));
        assertThat(printed)
                .contains(table)
                .contains(
                        "#7 hashmap-fs  HASHMAP_FILESYSTEM: new HashMapStateBackend() +"
                                + " setCheckpointStorage(dir)")
                .contains("Problems:\n#8 hashmap-jm  3 of 10 keys verified\n")
                .contains("\n" + " ".repeat(15) + "key 4: ValueState count 1 != 2\n");
        assertThat(ReportTable.problems(List.of(good))).isEmpty();
    }

    @Test
    void noPrintedLineIsWiderThanATerminal() {
        List<RunReport> tour = wholeTour();
        RunReport failed = tour.get(tour.size() - 1);

        String printed = ReportTable.format(tour);

        assertThat(printed).contains("Problems:");
        String unwrapped = printed.replaceAll("\\s+", "");
        assertThat(failed.problems())
                .as("every problem in full, wrapped")
                .allSatisfy(p -> assertThat(unwrapped).contains(p.replaceAll("\\s+", "")));
        assertThat(printed.lines())
                .allSatisfy(
                        line ->
                                assertThat(line.length())
                                        .as("width of line <%s>", line)
                                        .isLessThanOrEqualTo(ReportTable.MAX_WIDTH));
    }

    @Test
    void legendHoldsEveryRunsFullConfigurationOnce() {
        List<RunReport> tour = wholeTour();
        String legend = ReportTable.legend(tour);
        String flowed = legend.replaceAll("\\s+", " ");

        for (RunReport r : tour) {
            assertThat(legend.lines().filter(line -> line.startsWith(r.label() + "  ")))
                    .as("legend entries for %s", r.label())
                    .hasSize(1);
            assertThat(flowed).contains(r.name() + ": " + r.description().replaceAll("\\s+", " "));
        }
        assertThat(legend).contains("Columns: backend and storage as the JobManager resolved them");
        assertThat(legend)
                .as("a migration's second configuration on a line of its own")
                .contains("\n" + " ".repeat(24) + "==> new HashMapStateBackend() +");
    }

    @Test
    void wrapBreaksAtSpacesAndCutsWordsLongerThanALine() {
        assertThat(ReportTable.wrap("aa bb  cc dd", 5)).containsExactly("aa bb", "cc dd");
        assertThat(ReportTable.wrap("a abcdefghijk b", 4))
                .containsExactly("a", "abcd", "efgh", "ijk", "b");
        assertThat(ReportTable.wrap("", 10)).containsExactly("");
        assertThat(ReportTable.wrap("a: b, key: value", 12)).containsExactly("a: b,", "key: value");
    }

    @Test
    void bytesStayShortAtAnySize() {
        assertThat(ReportTable.bytes(1023)).isEqualTo("1023 B");
        assertThat(ReportTable.bytes(1024 * 1024 - 1)).isEqualTo("1024.0 KiB");
        assertThat(ReportTable.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
    }

    /**
     * Every row a full tour prints, plus a savepoint migration, with the widest figures a long run
     * produces, the longest class names Flink resolves, and a last run that failed at length.
     */
    private static List<RunReport> wholeTour() {
        List<RunReport> reports = new ArrayList<>();
        for (TourConfiguration c : TourConfiguration.values()) {
            reports.add(wide(c.label(), c.name(), c.description(), List.of()));
        }
        for (Migration m : Migration.all()) {
            reports.add(wide(m.label(), m.toString(), m.description(), List.of()));
        }
        Migration last = Migration.all().get(3);
        reports.add(
                wide(
                        last.label() + " savepoint",
                        last + " (CANONICAL savepoint, NO_CLAIM)",
                        last.description(),
                        List.of()));
        List<String> problems = new ArrayList<>();
        for (int key = 0; key < 10; key++) {
            problems.add(
                    "key "
                            + key
                            + ": ListState holds 499 values, expected 500: "
                            + String.join(", ", Collections.nCopies(40, "1234567")));
        }
        problems.add(
                "job failed: IllegalStateException: "
                        + "x".repeat(300)
                        + " at dev.flinkext.examples.tour.SomeVeryLongClassName.method");
        TourConfiguration c = TourConfiguration.PRECEDENCE_LEGACY_BACKEND_WINS;
        reports.add(wide(c.label(), c.name(), c.description(), problems));
        return reports;
    }

    private static RunReport wide(
            String label, String name, String description, List<String> problems) {
        long big = 1024L * 1024 - 1; // "1024.0 KiB", as wide as a size gets
        return new RunReport(
                label,
                name,
                description,
                "InstrumentedRocksDBStateBackend",
                "MemoryStateBackend",
                99_999,
                big,
                big,
                big * 1024,
                big * 1024,
                Duration.ofMillis(99_999),
                Duration.ofMillis(99_999),
                "chk-99999" + TourRunner.IN_JOBMANAGER_MEMORY,
                big,
                problems.isEmpty() ? 100_000 : 0,
                100_000,
                problems);
    }
}
