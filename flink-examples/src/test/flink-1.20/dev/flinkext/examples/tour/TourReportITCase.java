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

import dev.flinkext.examples.tour.TourReport.Run;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.flinkext.examples.tour.TourConfiguration.HASHMAP_FILESYSTEM;
import static dev.flinkext.examples.tour.TourConfiguration.LEGACY_FILESYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line end to end on a small run, one configuration and the migration from it: the
 * printed table and legend fit a terminal, and {@code --report} writes every run in full.
 */
class TourReportITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    // Class-wide, so that it is deleted after the cluster has stopped discarding checkpoints.
    @TempDir static Path dir;

    @Test
    void reportHoldsEveryRunInFull(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Path file = dir.resolve("reports/tour.json");
        Path checkpoints = dir.resolve("checkpoints");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit =
                new CommandLine(
                                new StateTour(
                                        new PrintStream(out, true, StandardCharsets.UTF_8),
                                        cluster))
                        .execute(
                                "--config", "legacy-fs",
                                "--records", "4000",
                                "--keys", "40",
                                "--rate", "4000",
                                "--checkpoint-dir", checkpoints.toString(),
                                "--report", file.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed.lines())
                .allSatisfy(
                        line ->
                                assertThat(line.length())
                                        .as("width of line <%s>", line)
                                        .isLessThanOrEqualTo(ReportTable.MAX_WIDTH));
        assertThat(printed)
                .contains("\n#3 legacy-fs  ")
                .contains("\n#3 -> #7  ")
                .contains("LEGACY_FILESYSTEM: new FsStateBackend(dir)")
                .contains("2 of 2 runs verified exactly.")
                .contains(file.toAbsolutePath().toString());

        TourReport report = TourReport.read(file);
        assertThat(report.params().records()).isEqualTo(4000);
        assertThat(report.params().keys()).isEqualTo(40);
        assertThat(report.checkpointRoot()).isEqualTo(checkpoints.toAbsolutePath().toString());
        assertThat(report.verifiedRuns()).isEqualTo(2);
        assertThat(report.runs())
                .extracting(Run::label)
                .containsExactly("#3 legacy-fs", "#3 -> #7");

        Run run = report.runs().get(0);
        assertThat(run.name()).isEqualTo(LEGACY_FILESYSTEM.name());
        assertThat(run.configuredAs()).isEqualTo(LEGACY_FILESYSTEM.description());
        assertThat(new String[] {run.stateBackend(), run.checkpointStorage()})
                .containsExactly(TourConfigurationITCase.RESOLVED.get(LEGACY_FILESYSTEM));
        assertThat(run.checkpoints().completed()).isGreaterThanOrEqualTo(3);
        assertThat(run.checkpoints().fullBytes()).isPositive();
        assertThat(run.checkpoints().last().fullBytes()).isPositive();
        assertThat(run.checkpoints().last().durationMillis()).isNotNull();
        assertThat(run.restore().from()).contains(checkpoints.toString()).contains("/chk-");
        assertThat(run.restore().recoveryMillis())
                .as("recovered from the injected failure")
                .isNotNull();
        assertThat(run.verified()).isTrue();
        assertThat(run.verifiedKeys()).isEqualTo(40).isEqualTo(run.expectedKeys());
        assertThat(run.problems()).isEmpty();

        Migration migration = new Migration(LEGACY_FILESYSTEM, HASHMAP_FILESYSTEM);
        Run migrated = report.runs().get(1);
        assertThat(migrated.name()).isEqualTo(migration.toString());
        assertThat(migrated.configuredAs()).isEqualTo(migration.description());
        assertThat(new String[] {migrated.stateBackend(), migrated.checkpointStorage()})
                .containsExactly(TourConfigurationITCase.RESOLVED.get(HASHMAP_FILESYSTEM));
        assertThat(migrated.restore().from())
                .contains(checkpoints.resolve(migration.directoryName()).toString());
        assertThat(migrated.restore().recoveryMillis())
                .as("the second job restores without a failure")
                .isNull();
        assertThat(migrated.verified()).isTrue();

        // The same file as plain JSON: the field names a reader of the file relies on.
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        for (JsonNode r : json.get("runs")) {
            assertThat(r.fieldNames())
                    .toIterable()
                    .containsExactly(
                            "label",
                            "name",
                            "configuredAs",
                            "stateBackend",
                            "checkpointStorage",
                            "checkpoints",
                            "restore",
                            "verified",
                            "verifiedKeys",
                            "expectedKeys",
                            "problems");
            assertThat(r.get("checkpoints").get("last").get("uploadedBytes").isIntegralNumber())
                    .isTrue();
        }
    }
}
