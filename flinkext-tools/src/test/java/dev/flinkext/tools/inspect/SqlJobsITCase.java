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
package dev.flinkext.tools.inspect;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.InspectChecks;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.SqlJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.flinkext.tools.testing.InspectChecks.stateSize;
import static dev.flinkext.tools.testing.InspectChecks.states;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inspect} and {@code verify --deep} on a SQL job's checkpoint (RocksDB incremental and
 * heap), run as the launcher runs them: in a JVM with this line's classpath alone (what its folder
 * {@code target/flinkext-line} holds), with no {@code --classpath}. The SQL runtime's serializers
 * ship with the tools, so the SQL operators' keyed states are named with their kinds and sized
 * exactly (totals are Flink's own statistics), and every subtask restores with Flink's backend.
 */
class SqlJobsITCase {

    /** Keyed states of the SQL runtime's operators for {@link SqlJob#QUERIES}, with kinds. */
    private static final Map<String, String> SQL_STATES =
            Map.of(
                    "accState", "keyed-value",
                    "distinctAcc_0", "keyed-map",
                    "deduplicate-state", "keyed-value",
                    "left-records", "keyed-map",
                    "right-records", "keyed-map",
                    "nfaStateName", "keyed-value");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(ToolsCluster.configuration(1));

    @TempDir Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rocksdb-incremental", "hashmap"})
    void statesAreNamedSizedAndRestoredWithNoClasspath(
            String backend, @InjectMiniCluster MiniCluster cluster) throws Exception {
        SqlJob job = new SqlJob(backend, 100, tmp.resolve("checkpoints")).backend(backend);
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        String checkpoint;
        JobCheckpoints.Figures flink;
        try {
            checkpoints.await(() -> job.fewestChanges() >= 50);
            checkpoint = checkpoints.checkpoint();
            flink = checkpoints.figures(checkpointId(checkpoint));
        } finally {
            checkpoints.cancel();
        }
        boolean rocks = backend.startsWith("rocksdb");

        CliRun inspect = CliRun.onLineClasspath("inspect", "--json", checkpoint);
        assertThat(inspect.exitCode).as(inspect.toString()).isEqualTo(ExitCode.OK);
        JsonNode report = inspect.json();
        InspectChecks.totalsAreFlinks(report, flink);
        Map<String, String> keyedStates = new TreeMap<>();
        for (JsonNode operator : report.get("operators")) {
            if (operator.get("keyedFormat").isNull()) {
                continue;
            }
            assertThat(operator.get("keyedFormat").asText())
                    .isEqualTo(rocks ? "incremental" : "heap");
            assertThat(operator.get("notes")).as(operator.toString()).isEmpty();
            InspectChecks.statesAddUp(report, operator, rocks, !rocks);
            keyedStates.putAll(states(operator));
            for (String state : SQL_STATES.keySet()) {
                if (states(operator).containsKey(state)) {
                    assertThat(stateSize(operator, state)).as(state).isPositive();
                }
            }
        }
        assertThat(keyedStates).containsAllEntriesOf(SQL_STATES);
        System.out.printf(
                "SQL job on %s, inspect:%n%s%n", backend, CliRun.of("inspect", checkpoint).out);

        CliRun verify = CliRun.onLineClasspath("verify", "--deep", "--json", checkpoint);
        assertThat(verify.exitCode).as(verify.toString()).isEqualTo(ExitCode.OK);
        JsonNode restored = verify.json();
        assertThat(restored.get("restoreFailures").asInt()).isZero();
        Set<String> backends = new TreeSet<>();
        Map<String, Long> keys = new TreeMap<>();
        for (JsonNode restore : restored.get("restores")) {
            if (restore.get("part").asText().equals("keyed state")) {
                backends.add(restore.get("backend").asText());
            }
            for (JsonNode state : restore.get("states")) {
                if (!state.get("keys").isNull()) {
                    keys.merge(state.get("name").asText(), state.get("keys").asLong(), Long::sum);
                }
            }
        }
        assertThat(backends).containsExactly(rocks ? "rocksdb" : "heap");
        for (String state : SQL_STATES.keySet()) {
            // Keys (and namespaces) read back: the job's 50 users at most.
            assertThat(keys.get(state)).as(state).isBetween(1L, 50L);
        }
    }

    private static long checkpointId(String checkpoint) {
        String folder = Path.of(java.net.URI.create(checkpoint)).getFileName().toString();
        return Long.parseLong(folder.substring("chk-".length()));
    }
}
