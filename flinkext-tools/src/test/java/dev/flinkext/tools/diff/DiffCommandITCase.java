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
package dev.flinkext.tools.diff;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code diff} of two checkpoints of a real job: the bytes {@code b} adds are Flink's own
 * "checkpointed size" of {@code b} (for RocksDB incremental: the SST files it did not reuse), b
 * reuses a's shared files, and per-state changes are the differences of {@code inspect}'s sizes.
 */
class DiffCommandITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(ToolsCluster.configuration(3));

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb-incremental"})
    void addedBytesAreFlinksCheckpointedSize(String backend, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        StateZooJob job =
                new StateZooJob(
                                "diff-" + backend,
                                10_000_000,
                                3_000,
                                5_000,
                                tmp.resolve("checkpoints"))
                        .backend(backend);
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        String a;
        String b;
        JobCheckpoints.Figures flinkB;
        try {
            checkpoints.await(() -> job.counted() >= 3_000);
            a = checkpoints.checkpoint();
            checkpoints.await(() -> job.counted() >= 6_000);
            b = checkpoints.checkpoint();
            flinkB = checkpoints.figures(Long.parseLong(b.substring(b.lastIndexOf('-') + 1)));
        } finally {
            checkpoints.cancel();
        }
        String uids = String.join(",", StateZooJob.UIDS);
        CliRun run = CliRun.of("diff", "--json", "--uid", uids, a, b);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        JsonNode diff = run.json();
        JsonNode inspectA = CliRun.of("inspect", "--json", "--uid", uids, a).json();
        JsonNode inspectB = CliRun.of("inspect", "--json", "--uid", uids, b).json();

        long coordinatorsB = 0;
        for (JsonNode operator : inspectB.get("operators")) {
            coordinatorsB += operator.get("coordinatorBytes").asLong();
        }
        // Flink's statistics leave the operator coordinators' state out.
        assertThat(diff.get("addedBytes").asLong() - coordinatorsB)
                .as("bytes b adds vs Flink's checkpointed size of b")
                .isEqualTo(flinkB.checkpointedSize);
        assertThat(diff.get("totalSizeBytesB").asLong() - diff.get("totalSizeBytesA").asLong())
                .isEqualTo(diff.get("changeBytes").asLong());
        // The reused streams, listed: their bytes add up, per operator too, and each is a file
        // of a's that b's metadata references as shared RocksDB state.
        long listed = 0;
        for (JsonNode file : diff.get("reusedFiles")) {
            listed += file.get("sizeBytes").asLong();
            assertThat(file.get("uid").asText()).isEqualTo("zoo");
            assertThat(file.get("holds").asText()).startsWith("shared keyed state");
            if (!file.get("path").asText().startsWith("inline")) {
                assertThat(Path.of(URI.create(file.get("path").asText()))).exists();
            }
        }
        assertThat(diff.get("reusedFiles")).hasSize(diff.get("reusedStreams").asInt());
        assertThat(listed).isEqualTo(diff.get("reusedBytes").asLong());
        long operatorsReused = 0;
        long operatorsAdded = 0;
        for (JsonNode operator : diff.get("operators")) {
            operatorsReused += operator.get("reusedBytes").asLong();
            operatorsAdded += operator.get("addedBytes").asLong();
        }
        assertThat(operatorsReused).isEqualTo(diff.get("reusedBytes").asLong());
        assertThat(operatorsAdded).isEqualTo(diff.get("addedBytes").asLong());
        CliRun table = CliRun.of("diff", "--files", "--uid", uids, a, b);
        assertThat(table.exitCode).as(table.toString()).isEqualTo(ExitCode.OK);
        assertThat(table.out).contains("B REUSES", "B ADDS");
        if (backend.equals("rocksdb-incremental")) {
            assertThat(table.out).contains("streams of b that are a's", "shared keyed state");
            assertThat(diff.get("reusedStreams").asInt()).isPositive();
            assertThat(diff.get("addedBytes").asLong())
                    .isLessThan(inspectB.get("totalSizeBytes").asLong());
        } else {
            assertThat(diff.get("reusedStreams").asInt()).isZero();
            assertThat(diff.get("addedBytes").asLong())
                    .isEqualTo(inspectB.get("totalSizeBytes").asLong());
        }

        Map<String, Long> sizesA = stateSizes(inspectA);
        Map<String, Long> sizesB = stateSizes(inspectB);
        for (JsonNode operator : diff.get("operators")) {
            assertThat(operator.get("status").asText()).isEqualTo("kept");
            for (JsonNode state : operator.get("states")) {
                String key = operator.get("uid").asText() + "/" + state.get("name").asText();
                assertThat(state.get("status").asText()).isEqualTo("kept");
                Long before = sizesA.get(key);
                Long after = sizesB.get(key);
                if (before == null || after == null) {
                    assertThat(state.get("changeBytes").isNull()).isTrue();
                } else {
                    assertThat(state.get("changeBytes").asLong()).as(key).isEqualTo(after - before);
                }
            }
        }
        if (backend.equals("hashmap")) {
            // Each key has seen more of its 7 buckets by b.
            assertThat(sizesB.get("zoo/buckets")).isGreaterThan(sizesA.get("zoo/buckets"));
        }
    }

    private static Map<String, Long> stateSizes(JsonNode report) {
        Map<String, Long> sizes = new HashMap<>();
        for (JsonNode operator : report.get("operators")) {
            for (JsonNode state : operator.get("states")) {
                sizes.put(
                        operator.get("uid").asText() + "/" + state.get("name").asText(),
                        state.get("sizeBytes").isNull() ? null : state.get("sizeBytes").asLong());
            }
        }
        return sizes;
    }
}
