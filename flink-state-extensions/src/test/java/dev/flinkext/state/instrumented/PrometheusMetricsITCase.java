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
package dev.flinkext.state.instrumented;

import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job with no state backend in its code runs on a MiniCluster whose configuration names the
 * pack's factory in {@code state.backend.type}; Flink's own Prometheus reporter serves the
 * per-state metrics on loopback, and a scrape finds them with plausible values.
 */
class PrometheusMetricsITCase {

    private static final int KEYS = 50;

    /**
     * Records whose state accesses are counted: the job keeps running after them (its metrics stay
     * registered) but touches no state any more, so the counters settle at exact values. Comparing
     * two counters of a job that still counts is a race: the reporter reads them one after the
     * other while the task thread moves on (CI saw 964 reads and 772 writes in one scrape).
     */
    private static final long COUNTED = 2_000;

    private static final String PORTS = "9250-9290";

    /** The median serialized key size of the state "count": a Long, 8 bytes. */
    private static final Pattern KEY_SIZE_MEDIAN =
            Pattern.compile(
                    "flinkext_state_keySizeBytes\\{[^}]*state=\"count\"[^}]*quantile=\"0.5\"[^}]*\\} 8\\.0");

    /** Counts per key, and remembers the last value per key and digit. */
    static class Counting extends KeyedProcessFunction<Long, Long, Long> {
        transient ValueState<Long> count;
        transient MapState<Integer, Long> lastByDigit;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            lastByDigit =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>(
                                            "last-by-digit", Types.INT, Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            if (value >= COUNTED) {
                return;
            }
            Long current = count.value();
            count.update(current == null ? 1 : current + 1);
            lastByDigit.put((int) (value % 10), value);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    @Timeout(120)
    void perStateMetricsReachPrometheus(String backend) throws Exception {
        Configuration conf = new Configuration();
        conf.set(
                StateBackendOptions.STATE_BACKEND,
                backend.equals("rocksdb")
                        ? InstrumentedRocksDBStateBackendFactory.class.getName()
                        : InstrumentedHashMapStateBackendFactory.class.getName());
        conf.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", PORTS);
        conf.setString("flinkext.state.metrics.sample-interval", "10");
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        // Any free REST port: another Flink on this machine must not stop this one.
        conf.set(RestOptions.BIND_PORT, "0");

        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(1)
                                .build())) {
            cluster.start();
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration());
            env.fromSource(
                            new DataGeneratorSource<>(
                                    n -> n,
                                    Long.MAX_VALUE,
                                    RateLimiterStrategy.perSecond(5_000),
                                    Types.LONG),
                            WatermarkStrategy.noWatermarks(),
                            "numbers")
                    .keyBy(v -> v % KEYS, Types.LONG)
                    .process(new Counting(), Types.LONG)
                    .name("counting")
                    .sinkTo(new DiscardingSink<>());
            JobID job = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
            try {
                String[] scrape = new String[1];
                // Metrics appear as the job runs: wait until one scrape has all of them.
                CommonTestUtils.waitUntilCondition(
                        () -> {
                            scrape[0] = scrapeJob(job);
                            return complete(scrape[0], backend);
                        },
                        200L);
                String metrics = scrape[0];
                // One read and one write of "count" per counted record, one write of the map.
                assertThat(gauge(metrics, "flinkext_state_reads", "count")).isEqualTo(COUNTED);
                assertThat(gauge(metrics, "flinkext_state_writes", "count")).isEqualTo(COUNTED);
                // Prometheus writes the state "last-by-digit" as the label value "last_by_digit".
                assertThat(gauge(metrics, "flinkext_state_writes", "last_by_digit"))
                        .isEqualTo(COUNTED);
                // Sampled sizes: a Long key and a Long count are 8 bytes each.
                assertThat(KEY_SIZE_MEDIAN.matcher(metrics).find()).isTrue();
                assertThat(metrics).contains("flinkext_state_accessLatencyNanos");
                if (backend.equals("hashmap")) {
                    assertThat(gauge(metrics, "flinkext_state_estimatedEntries", "count"))
                            .isEqualTo(KEYS);
                    // 50 entries of an 8-byte key and an 8-byte count.
                    assertThat(gauge(metrics, "flinkext_state_estimatedSizeBytes", "count"))
                            .isEqualTo(KEYS * 16);
                    assertThat(metrics).contains("flinkext_estimatedStateSizeBytes");
                } else {
                    // RocksDB's own estimate, per state (column family). It counts every update
                    // still in the memtable, so it is far above the 50 keys until a compaction.
                    assertThat(gauge(metrics, "rocksdb_estimate_num_keys", "count"))
                            .isGreaterThanOrEqualTo(KEYS);
                    assertThat(metrics).contains("rocksdb_estimate_live_data_size");
                }
            } finally {
                cluster.cancelJob(job).get();
            }
        }
    }

    /** Whether a scrape shows every metric the assertions below look at, with data. */
    private static boolean complete(String scrape, String backend) {
        boolean common =
                gauge(scrape, "flinkext_state_reads", "count") >= COUNTED
                        && gauge(scrape, "flinkext_state_writes", "count") >= COUNTED
                        && gauge(scrape, "flinkext_state_writes", "last_by_digit") >= COUNTED
                        && KEY_SIZE_MEDIAN.matcher(scrape).find()
                        && scrape.contains("flinkext_state_accessLatencyNanos");
        return common
                && (backend.equals("hashmap")
                        ? gauge(scrape, "flinkext_state_estimatedEntries", "count") == KEYS
                                && gauge(scrape, "flinkext_state_estimatedSizeBytes", "count")
                                        == KEYS * 16
                        : gauge(scrape, "rocksdb_estimate_num_keys", "count") >= KEYS);
    }

    /**
     * The lines of this job's metrics, from whichever reporter port serves them: other Flink
     * processes on this machine (another test JVM, a job of the user's) may serve the same metric
     * names from ports in the same range.
     */
    private static String scrapeJob(JobID job) {
        String label = "job_id=\"" + job + "\"";
        for (int port = 9250; port <= 9290; port++) {
            Optional<String> body = scrape(port);
            if (body.isPresent() && body.get().contains(label)) {
                return body.get()
                        .lines()
                        .filter(l -> l.contains(label))
                        .collect(Collectors.joining("\n"));
            }
        }
        return "";
    }

    private static Optional<String> scrape(int port) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection)
                            new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(2_000);
            try (InputStream in = connection.getInputStream()) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException notThisPort) {
            return Optional.empty();
        }
    }

    /** The value of the first sample of {@code metric} whose labels name {@code stateName}. */
    static double gauge(String scrape, String metric, String stateName) {
        Pattern line =
                Pattern.compile(
                        "^flink_taskmanager_job_task_operator_\\S*"
                                + Pattern.quote(metric)
                                + "\\{([^}]*)\\} (\\S+)$",
                        Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("=\"" + stateName + "\"") && !labels.contains("quantile")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }
}
