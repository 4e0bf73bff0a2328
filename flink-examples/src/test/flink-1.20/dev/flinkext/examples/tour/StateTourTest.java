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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tour's command line and its expected results, without a cluster. */
class StateTourTest {

    @Test
    void unknownConfigurationNamesTheAllowedValues() {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit =
                new CommandLine(new StateTour(new PrintStream(out, true, StandardCharsets.UTF_8)))
                        .setErr(new PrintWriter(err))
                        .execute("--config", "99");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown configuration '99'")
                .contains("1-" + TourConfiguration.values().length)
                .contains("LEGACY_ROCKSDB_INCREMENTAL")
                .contains("legacy-rocksdb-incr");
    }

    @Test
    void negativeRecordCountIsRejected() {
        StringWriter err = new StringWriter();
        int exit =
                new CommandLine(new StateTour(System.out))
                        .setErr(new PrintWriter(err))
                        .execute("--records", "-5", "--config", "8");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("records must be positive, got -5");
    }

    @Test
    void configurationsAreSelectedByNumberOrName() {
        CommandLine commandLine = new CommandLine(new StateTour(System.out));
        assertThat(StateTour.select(List.of("1", "hashmap_jobmanager"), commandLine))
                .containsExactly(
                        TourConfiguration.LEGACY_ROCKSDB_INCREMENTAL,
                        TourConfiguration.HASHMAP_JOBMANAGER);
        assertThat(StateTour.select(List.of(), commandLine))
                .hasSize(TourConfiguration.values().length);
        assertThat(StateTour.select(List.of("legacy-fs", "FLINKEXT-TIERED"), commandLine))
                .containsExactly(
                        TourConfiguration.LEGACY_FILESYSTEM,
                        TourConfiguration.FLINKEXT_TIERED_STORAGE);
    }

    @Test
    void shortNamesAreUniqueAndShort() {
        assertThat(Arrays.stream(TourConfiguration.values()).map(TourConfiguration::shortName))
                .doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches("[a-z0-9-]{1,19}"));
    }

    @Test
    void reportThatIsADirectoryIsRejectedBeforeAnyRun(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int exit =
                new CommandLine(new StateTour(System.out))
                        .setErr(new PrintWriter(err))
                        .execute("--config", "8", "--report", dir.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("--report " + dir + " is a directory")
                .contains("Give the path of a file");
    }

    @Test
    void reportFolderIsCreated(@TempDir Path dir) {
        Path report = dir.resolve("a/b/tour.json");
        StateTour.prepareReport(report, new CommandLine(new StateTour(System.out)));
        assertThat(report.getParent()).isDirectory();
    }

    @Test
    void expectedSummaryCountsEveryRecordOfTheKeyOnce() {
        // 25 records over 10 keys: key 3 gets 3, 13, 23.
        KeySummary summary = KeySummary.expected(3, 25, 10);
        assertThat(summary.values).containsExactly(3, 13, 23);
        assertThat(summary.count).isEqualTo(3);
        assertThat(summary.sum).isEqualTo(39);
        assertThat(summary.mean).isEqualTo(13.0);
        assertThat(summary.lastDigitCounts[3]).isEqualTo(3);
        assertThat(KeySummary.expected(7, 5, 10).count).isZero();
    }

    @Test
    void summaryDifferenceNamesTheState() {
        KeySummary expected = KeySummary.expected(3, 25, 10);
        KeySummary missingOne =
                new KeySummary(
                        3, 3, 39, 13.0, new long[] {3, 13}, expected.lastDigitCounts.clone());
        assertThat(missingOne.firstDifference(expected)).startsWith("ListState holds 2 values");
        KeySummary doubleCounted =
                new KeySummary(3, 6, 39, 13.0, expected.values, expected.lastDigitCounts);
        assertThat(doubleCounted.firstDifference(expected)).startsWith("ValueState count 6");
        assertThat(expected.firstDifference(KeySummary.expected(3, 25, 10))).isNull();
    }
}
