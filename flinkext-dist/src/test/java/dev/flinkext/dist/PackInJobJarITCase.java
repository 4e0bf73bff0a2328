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
package dev.flinkext.dist;

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.dist.testing.JvmProbe;
import dev.flinkext.dist.testing.TourOnCluster;
import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory;
import dev.flinkext.testing.cluster.ClusterJobs;
import dev.flinkext.testing.cluster.FlinkProcess;
import dev.flinkext.testing.cluster.ProcessCluster;
import dev.flinkext.testing.cluster.ProcessClusterExtension;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster whose lib/ has no pack while its {@code config.yaml} names the pack's factories: with
 * the pack inside the job jar (Flink's child-first user class loader) the factories load on the
 * JobManager and the TaskManagers, Flink's Prometheus reporter in the TaskManager processes serves
 * the per-state metrics, the results are exact and no process keeps the job's class loader; a job
 * jar without the pack fails with an error that names the missing factory.
 */
// Not on the 2.x line (docs/flink-lines.md): it needs a job jar with the pack inside
// (flink-examples' -job-with-pack jar), which the 2.x line does not build.
@Tag("flink-1.20-only")
class PackInJobJarITCase {

    private static final String PROMETHEUS_PORTS = portRange();

    private static final String DOCS = "docs/cluster.md";

    /** The pack's version, as the lib/ jar's name carries it. */
    private static final String VERSION =
            TourOnCluster.distJar()
                    .getFileName()
                    .toString()
                    .replaceAll("^flinkext-dist-(.*)\\.jar$", "$1");

    /**
     * A TaskManager's per-state write count of the state "count", e.g. {@code
     * flink_taskmanager_job_task_operator_flinkext_state_writes{...,state="count",...,
     * tm_id="taskmanager_1",...} 812.0}.
     */
    private static final Pattern COUNT_WRITES =
            Pattern.compile(
                    "^flink_taskmanager_job_task_operator_\\S*flinkext_state_writes"
                            + "\\{([^}]*state=\"count\"[^}]*)\\} (\\S+)$",
                    Pattern.MULTILINE);

    @RegisterExtension
    static final ProcessClusterExtension CLUSTER =
            new ProcessClusterExtension(
                    cluster ->
                            cluster.set(
                                            StateBackendOptions.STATE_BACKEND,
                                            InstrumentedHashMapStateBackendFactory.class.getName())
                                    .set(
                                            CheckpointingOptions.CHECKPOINT_STORAGE,
                                            TieredCheckpointStorageFactory.class.getName())
                                    .set(
                                            TieredCheckpointStorageOptions.MEMORY_BUDGET,
                                            MemorySize.parse("64kb"))
                                    .set(
                                            CheckpointingOptions.CHECKPOINTING_INTERVAL,
                                            Duration.ofMillis(300))
                                    .set(
                                            CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                                            cluster.home()
                                                    .resolve("checkpoints")
                                                    .toUri()
                                                    .toString())
                                    .setString(
                                            "metrics.reporter.prom.factory.class",
                                            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                                    .setString("metrics.reporter.prom.port", PROMETHEUS_PORTS));

    @Test
    void packOnlyInsideTheJobJar() throws Exception {
        ProcessCluster cluster = CLUSTER.cluster();
        ClusterJobs jobs = CLUSTER.jobs();
        JobID job =
                cluster.submit(
                        TourOnCluster.jobJarWithPack(),
                        new Configuration(),
                        TourOnCluster.args(TourOnCluster.RECORDS, TourOnCluster.RATE / 2));
        jobs.awaitCompletedCheckpoints(job, 1, TourOnCluster.TIMEOUT);
        JvmProbe.assertLoadedWhileRunning(cluster, job);

        List<String> taskManagersReporting = new ArrayList<>();
        ClusterJobs.waitUntil(
                "a TaskManager's Prometheus endpoint shows writes of the state \"count\"",
                TourOnCluster.TIMEOUT,
                () -> {
                    taskManagersReporting.clear();
                    Matcher writes = COUNT_WRITES.matcher(scrapeAll());
                    while (writes.find()) {
                        Matcher tm = Pattern.compile("tm_id=\"([^\"]+)\"").matcher(writes.group(1));
                        if (tm.find() && Double.parseDouble(writes.group(2)) > 0) {
                            taskManagersReporting.add(tm.group(1));
                        }
                    }
                    return !taskManagersReporting.isEmpty();
                },
                cluster);
        assertThat(taskManagersReporting)
                .as("TaskManagers whose reporter shows per-state metrics")
                .allMatch(
                        id ->
                                cluster.taskManagers().stream()
                                        .map(FlinkProcess::name)
                                        .anyMatch(name -> name.replace('-', '_').equals(id)));

        TourOnCluster.assertExact(jobs, job);
        // The tour's source is a FLIP-27 source: its enumerator runs in Flink's source coordinator
        // on the JobManager, and after the job's end Flink still holds that job's class loader
        // (reachable from its SourceCoordinatorContext; docs/cluster.md). One job's loader, not
        // one per job: a second job leaves the count where it was.
        JvmProbe.assertAtMostLeftAfterTheJob(cluster, TourOnCluster.TIMEOUT, 1);
        JobID second =
                cluster.submit(
                        TourOnCluster.jobJarWithPack(),
                        new Configuration(),
                        TourOnCluster.args(TourOnCluster.RECORDS / 4, TourOnCluster.RATE));
        TourOnCluster.assertExact(jobs, second);
        JvmProbe.assertAtMostLeftAfterTheJob(cluster, TourOnCluster.TIMEOUT, 1);
    }

    @Test
    void jobJarWithoutThePackNamesTheMissingFactory() throws Exception {
        ProcessCluster cluster = CLUSTER.cluster();
        String error;
        try {
            JobID job = TourOnCluster.submit(cluster, TourOnCluster.jobJar(), new Configuration());
            CLUSTER.jobs().result(job, TourOnCluster.TIMEOUT);
            error = "";
        } catch (Exception e) {
            error = ExceptionUtils.stringifyException(e);
        }
        // Flink's own error names the class, not the jar: docs/cluster.md quotes it and says
        // which jar holds the class and where it goes; the user finds it by that line.
        String flinkSays =
                "Cannot find configured state backend factory class: "
                        + InstrumentedHashMapStateBackendFactory.class.getName();
        assertThat(error)
                .as("the error of a job whose factory class is nowhere")
                .contains(flinkSays);
        String docs =
                Files.readString(
                        Paths.get(System.getProperty("flinkext.root", "..")).resolve(DOCS));
        assertThat(docs)
                .as(DOCS + " explains the error the user sees")
                .contains(flinkSays)
                .contains("flinkext-dist-" + VERSION + ".jar")
                .contains("lib/");
    }

    private static String scrapeAll() throws Exception {
        String[] range = PROMETHEUS_PORTS.split("-");
        StringBuilder all = new StringBuilder();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[1]); port++) {
            try {
                all.append(
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/metrics"))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
            } catch (IOException nothingThere) {
                // A port of the range no process took.
            }
        }
        return all.toString();
    }

    private static String portRange() {
        try {
            return ProcessCluster.freePortRange(6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
