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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON that {@code --report} writes, from hand-made reports. */
class TourReportTest {

    private static final RunReport RECOVERED =
            new RunReport(
                    TourConfiguration.FLINKEXT_ROCKSDB.label(),
                    TourConfiguration.FLINKEXT_ROCKSDB.name(),
                    TourConfiguration.FLINKEXT_ROCKSDB.description(),
                    "InstrumentedRocksDBStateBackend",
                    "FileSystemCheckpointStorage",
                    8,
                    400_000,
                    950_000,
                    4_500_000,
                    5_600_000,
                    Duration.ofMillis(189),
                    Duration.ofMillis(112),
                    "file:/tmp/tour/FLINKEXT_ROCKSDB/abc/chk-3",
                    480_000,
                    1000,
                    1000,
                    List.of());

    private static final RunReport FAILED_FIRST_JOB =
            new RunReport(
                    "#9 -> #15",
                    "CONFIG_ROCKSDB_INCREMENTAL -> FLINKEXT_ROCKSDB",
                    "a  ==>  b",
                    "?",
                    "?",
                    0,
                    0,
                    0,
                    0,
                    0,
                    Duration.ZERO,
                    null,
                    null,
                    0,
                    0,
                    1000,
                    List.of("first job retained no checkpoint"));

    @Test
    void writesEveryRunAndReadsBack(@TempDir Path dir) throws Exception {
        TourReport report =
                TourReport.of(
                        TourParams.defaults(),
                        dir.resolve("ckpt"),
                        List.of(RECOVERED, FAILED_FIRST_JOB));
        Path file = dir.resolve("tour.json");

        report.write(file);

        assertThat(TourReport.read(file)).isEqualTo(report);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("params").get("records").asLong()).isEqualTo(100_000);
        assertThat(json.get("params").get("checkpointIntervalMillis").asLong()).isEqualTo(200);
        assertThat(json.get("checkpointRoot").asText()).isEqualTo(dir.resolve("ckpt").toString());
        assertThat(json.get("verifiedRuns").asInt()).isEqualTo(1);
        assertThat(json.get("runs")).hasSize(2);

        JsonNode run = json.get("runs").get(0);
        assertThat(run.get("label").asText()).isEqualTo("#15 flinkext-rocksdb");
        assertThat(run.get("name").asText()).isEqualTo("FLINKEXT_ROCKSDB");
        assertThat(run.get("configuredAs").asText())
                .isEqualTo(TourConfiguration.FLINKEXT_ROCKSDB.description())
                .contains("flinkext.state.rocksdb.profile: write-heavy");
        assertThat(run.get("stateBackend").asText()).isEqualTo("InstrumentedRocksDBStateBackend");
        assertThat(run.get("checkpointStorage").asText()).isEqualTo("FileSystemCheckpointStorage");
        JsonNode checkpoints = run.get("checkpoints");
        assertThat(checkpoints.get("completed").asLong()).isEqualTo(8);
        assertThat(checkpoints.get("uploadedBytes").asLong()).isEqualTo(4_500_000);
        assertThat(checkpoints.get("fullBytes").asLong()).isEqualTo(5_600_000);
        assertThat(checkpoints.get("last").get("uploadedBytes").asLong()).isEqualTo(400_000);
        assertThat(checkpoints.get("last").get("fullBytes").asLong()).isEqualTo(950_000);
        assertThat(checkpoints.get("last").get("durationMillis").asLong()).isEqualTo(189);
        JsonNode restore = run.get("restore");
        assertThat(restore.get("from").asText()).endsWith("/chk-3");
        assertThat(restore.get("fullBytes").asLong()).isEqualTo(480_000);
        assertThat(restore.get("recoveryMillis").asLong()).isEqualTo(112);
        assertThat(run.get("verified").asBoolean()).isTrue();
        assertThat(run.get("verifiedKeys").asInt()).isEqualTo(1000);
        assertThat(run.get("expectedKeys").asInt()).isEqualTo(1000);
        assertThat(run.get("problems")).isEmpty();

        JsonNode failed = json.get("runs").get(1);
        assertThat(failed.get("restore").isNull()).isTrue();
        assertThat(failed.get("verified").asBoolean()).isFalse();
        assertThat(failed.get("problems").get(0).asText())
                .isEqualTo("first job retained no checkpoint");
    }
}
