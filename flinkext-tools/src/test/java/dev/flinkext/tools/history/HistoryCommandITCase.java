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
package dev.flinkext.tools.history;

import dev.flinkext.tools.FlinkextCli;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code history} of a real heap job's retained checkpoints: the JSON holds {@code inspect}'s
 * report of each, and the {@code --html} page is self-contained and its charts' figures are
 * inspect's, for every operator and every state.
 */
class HistoryCommandITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(ToolsCluster.configuration(3));

    @TempDir Path tmp;

    @Test
    void chartsShowInspectsFigures(@InjectMiniCluster MiniCluster cluster) throws Exception {
        StateZooJob job =
                new StateZooJob("history", 10_000_000, 2_000, 5_000, tmp.resolve("checkpoints"));
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        List<String> taken = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                long target = i * 2_000L;
                checkpoints.await(() -> job.counted() >= target);
                taken.add(checkpoints.checkpoint());
            }
        } finally {
            checkpoints.cancel();
        }
        String uids = String.join(",", StateZooJob.UIDS);
        Path jobDir = Path.of(URI.create(taken.get(0))).getParent();
        Path page = tmp.resolve("history.html");
        CliRun run =
                CliRun.of(
                        "history",
                        "--json",
                        "--uid",
                        uids,
                        "--html",
                        page.toString(),
                        jobDir.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(FlinkextCli.OK);
        JsonNode history = run.json();
        assertThat(history.get("snapshots")).hasSize(3);

        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            JsonNode inspect = CliRun.of("inspect", "--json", "--uid", uids, taken.get(i)).json();
            assertThat(history.get("snapshots").get(i).get("report")).isEqualTo(inspect);
            long id = inspect.get("checkpointId").asLong();
            for (JsonNode operator : inspect.get("operators")) {
                String uid = operator.get("uid").asText();
                expected.put(uid + "@" + id, operator.get("sizeBytes").asLong());
                for (JsonNode state : operator.get("states")) {
                    expected.put(
                            uid + "/" + state.get("name").asText() + "@" + id,
                            state.get("sizeBytes").asLong());
                }
            }
        }

        Document html = Jsoup.parse(page.toFile());
        assertThat(html.select("script")).isEmpty();
        assertThat(html.select("link, img, iframe, [src]")).isEmpty();
        assertThat(html.select("svg.chart")).hasSizeGreaterThanOrEqualTo(2);
        Map<String, Long> charted = new HashMap<>();
        for (Element point : html.select("svg.chart circle[data-series]")) {
            charted.put(
                    point.attr("data-series") + "@" + point.attr("data-checkpoint"),
                    Long.parseLong(point.attr("data-bytes")));
        }
        // Every operator's and every (heap: attributable) state's figure is charted, as inspect has
        // it.
        assertThat(charted).isEqualTo(expected);
        assertThat(charted)
                .containsKey(
                        "zoo/count@"
                                + history.get("snapshots")
                                        .get(2)
                                        .get("report")
                                        .get("checkpointId")
                                        .asLong());

        CliRun table = CliRun.of("history", "--uid", uids, jobDir.toString());
        assertThat(table.out).contains("3 checkpoints", "zoo", "numbers");
    }
}
