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
package dev.flinkext.checkpoint.tiered;

import dev.flinkext.checkpoint.tiered.testing.JobManagerWithFailingArchive;

import org.apache.flink.runtime.testutils.CommonTestUtils;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink 1.20 gives a checkpoint storage no metric group on the JobManager, so the archive's health
 * reaches Prometheus through the standard route for JMX: Prometheus' JMX exporter Java agent in the
 * JobManager JVM, with the rules in {@code tools/jmx-exporter-flinkext.yaml}. This test starts such
 * a JVM (a MiniCluster whose archive fails), scrapes it over HTTP, and sees the failures counted
 * and the lag grow: what a lag alert needs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
// Left to the 1.20 run on the 2.x line (docs/flink-lines.md): it runs code both lines share (the
// 2.x module still copies the JMX exporter agent it needs, so it runs there on request).
@Tag("left-to-flink-1.20")
class ArchiveMetricsScrapeITCase {

    @TempDir Path dir;

    @Test
    void aScrapeOfTheJobManagerShowsTheArchiveFailingAndItsLagGrowing() throws Exception {
        Path root = Path.of(System.getProperty("flinkext.root"));
        Path agent =
                root.resolve(
                        "flink-checkpoint-storage-ext/target/agents/jmx_prometheus_javaagent.jar");
        Path rules = root.resolve("tools/jmx-exporter-flinkext.yaml");
        assertThat(agent).as("copied by the build (process-test-resources)").exists();
        int port = freePort();
        Path log = dir.resolve("jobmanager.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + agent + "=127.0.0.1:" + port + ":" + rules);
        command.add("-Xmx1g");
        command.addAll(addOpens());
        command.add("-Dlog4j.configurationFile=" + System.getProperty("log4j.configurationFile"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JobManagerWithFailingArchive.class.getName());
        command.add(dir.resolve("checkpoints").toString());
        command.add(dir.resolve("archive").toString());
        Process jobManager =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            String url = "http://127.0.0.1:" + port + "/metrics";
            CommonTestUtils.waitUntilCondition(
                    () -> gauge(scrape(url), "ArchivesFailed").orElse(0.0) >= 2, 200L);
            String first = scrape(url);
            double lag = gauge(first, "ArchiveLagMillis").orElseThrow();
            assertThat(lag).isPositive();
            assertThat(gauge(first, "ArchivesCompleted")).hasValue(0.0);
            assertThat(gauge(first, "CompletedCheckpoints").orElseThrow()).isGreaterThan(0);
            CommonTestUtils.waitUntilCondition(
                    () -> gauge(scrape(url), "ArchiveLagMillis").orElseThrow() > lag, 200L);
            assertThat(gauge(scrape(url), "ArchiveLagCheckpoints").orElseThrow()).isGreaterThan(1);
        } catch (Throwable t) {
            t.addSuppressed(new AssertionError("JobManager log:\n" + Files.readString(log)));
            throw t;
        } finally {
            jobManager.destroyForcibly();
            jobManager.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(jobManager.isAlive()).isFalse();
    }

    /** The value of {@code flinkext_tiered_<attribute>{job_id="…"}} in a scrape, if present. */
    private static Optional<Double> gauge(String scrape, String attribute) {
        Matcher m =
                Pattern.compile(
                                "^flinkext_tiered_"
                                        + attribute
                                        + "\\{job_id=\"[0-9a-f]{32}\",?\\} (\\S+)$",
                                Pattern.MULTILINE)
                        .matcher(scrape);
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    private static String scrape(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setConnectTimeout(1_000);
            connection.setReadTimeout(5_000);
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYetListening) {
            return "";
        }
    }

    /** The {@code --add-opens} flags of this JVM, which Flink on Java 17 needs in the child too. */
    private static List<String> addOpens() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> opens = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("--add-opens=")) {
                opens.add(args.get(i));
            } else if (args.get(i).equals("--add-opens") && i + 1 < args.size()) {
                opens.add(args.get(i));
                opens.add(args.get(++i));
            }
        }
        return opens;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
