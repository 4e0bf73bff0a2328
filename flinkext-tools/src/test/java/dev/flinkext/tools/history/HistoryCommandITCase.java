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

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;
import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.snapshot.Snapshot;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        JsonNode history = run.json();
        assertThat(history.get("snapshots")).hasSize(3);

        assertChartsAreInspects(page, history, taken, uids);
        CliRun table = CliRun.of("history", "--uid", uids, jobDir.toString());
        assertThat(table.out).contains("3 checkpoints", "zoo", "numbers");
    }

    /**
     * {@code history} of the tiered storage's archive folder for a job (heap state: streams up to 2
     * KiB inline in the metadata, the rest in files that the archive copied): every archive is
     * listed with inspect's report of it, which has the sizes of the checkpoint it copies, inline
     * and file bytes alike, and the page charts inspect's figures.
     */
    @Test
    void archivesOfTheTieredStorage(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Path checkpointDir = tmp.resolve("tiered");
        Path archiveDir = tmp.resolve("archive");
        Configuration tiered = new Configuration();
        tiered.set(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                TieredCheckpointStorageFactory.class.getName());
        tiered.set(ArchiveOptions.ARCHIVE_DIR, archiveDir.toUri().toString());
        tiered.set(TieredCheckpointStorageOptions.INLINE_THRESHOLD, MemorySize.parse("2kb"));
        StateZooJob job =
                new StateZooJob("history-archive", 10_000_000, 2_000, 5_000, checkpointDir)
                        .set(tiered);
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        Path jobArchives = archiveDir.resolve(checkpoints.job().toHexString());
        List<String> taken = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                long target = i * 2_000L;
                checkpoints.await(() -> job.counted() >= target);
                taken.add(checkpoints.checkpoint());
                int archived = i;
                // One archive runs at a time: wait for this one before the next checkpoint.
                checkpoints.await(() -> archives(jobArchives).size() >= archived);
            }
        } finally {
            checkpoints.cancel();
        }
        List<String> archived = new ArrayList<>();
        for (Path archive : archives(jobArchives)) {
            archived.add(archive.toString());
        }
        String uids = String.join(",", StateZooJob.UIDS);
        Path page = tmp.resolve("archives.html");
        CliRun run =
                CliRun.of(
                        "history",
                        "--json",
                        "--uid",
                        uids,
                        "--html",
                        page.toString(),
                        jobArchives.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        JsonNode history = run.json();
        // The three taken here, and any periodic checkpoint that completed before them.
        assertThat(archived).hasSizeGreaterThanOrEqualTo(3);
        assertThat(history.get("snapshots")).hasSize(archived.size());
        assertChartsAreInspects(page, history, archived, uids);

        Map<Long, JsonNode> archiveById = new HashMap<>();
        history.get("snapshots")
                .forEach(
                        s ->
                                archiveById.put(
                                        s.get("report").get("checkpointId").asLong(),
                                        s.get("report")));
        for (String checkpoint : taken) {
            JsonNode original = CliRun.of("inspect", "--json", "--uid", uids, checkpoint).json();
            JsonNode archive = archiveById.get(original.get("checkpointId").asLong());
            assertThat(archive).as("the archive of " + checkpoint).isNotNull();
            // A copy: the same bytes inline and in files, per operator and state.
            assertThat(archive.get("inlineBytes").asLong()).isPositive();
            assertThat(archive.get("fileBytes").asLong()).isPositive();
            assertThat(archive.get("inlineBytes")).isEqualTo(original.get("inlineBytes"));
            assertThat(archive.get("fileBytes")).isEqualTo(original.get("fileBytes"));
            assertThat(archive.get("operators")).isEqualTo(original.get("operators"));
        }
        CliRun table = CliRun.of("history", "--uid", uids, jobArchives.toString());
        assertThat(table.out)
                .contains(
                        archived.size() + " checkpoints",
                        "chk-"
                                + history.get("snapshots")
                                        .get(archived.size() - 1)
                                        .get("report")
                                        .get("checkpointId")
                                        .asLong());
    }

    /** The archive folders (with their _metadata) under a job's archive folder, by name. */
    private static List<Path> archives(Path jobArchives) {
        if (!Files.isDirectory(jobArchives)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(jobArchives)) {
            return children.filter(p -> Files.exists(p.resolve("_metadata")))
                    .sorted(
                            Comparator.comparingLong(
                                    p -> Snapshot.checkpointNumber(p.getFileName().toString())))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The page is self-contained and charts, for every operator and every attributable state of
     * every snapshot, inspect's figure; the JSON holds inspect's report of each snapshot.
     */
    private static void assertChartsAreInspects(
            Path page, JsonNode history, List<String> snapshots, String uids) throws IOException {
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < snapshots.size(); i++) {
            JsonNode inspect =
                    CliRun.of("inspect", "--json", "--uid", uids, snapshots.get(i)).json();
            assertThat(history.get("snapshots").get(i).get("report")).isEqualTo(inspect);
            long id = inspect.get("checkpointId").asLong();
            for (JsonNode operator : inspect.get("operators")) {
                String uid = operator.get("uid").asText();
                expected.put(uid + "@" + id, operator.get("sizeBytes").asLong());
                for (JsonNode state : operator.get("states")) {
                    if (!state.get("sizeBytes").isNull()) {
                        expected.put(
                                uid + "/" + state.get("name").asText() + "@" + id,
                                state.get("sizeBytes").asLong());
                    }
                }
            }
        }
        assertThat(expected)
                .containsKey(
                        "zoo/count@"
                                + history.get("snapshots")
                                        .get(snapshots.size() - 1)
                                        .get("report")
                                        .get("checkpointId")
                                        .asLong());

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
        assertThat(charted).isEqualTo(expected);
    }
}
