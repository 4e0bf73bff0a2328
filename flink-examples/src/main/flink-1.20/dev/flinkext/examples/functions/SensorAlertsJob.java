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
package dev.flinkext.examples.functions;

import dev.flinkext.state.functions.broadcast.BroadcastRules;
import dev.flinkext.state.functions.buffering.BatchingSink;
import dev.flinkext.state.functions.buffering.BufferingOperator;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Flink 1.20 only (its source is the SourceFunction-based {@code SensorReadings}). The
 * operator-state helpers in one job: sensor readings from a replayable source ({@link
 * SensorReadings}), counted per instance ({@link CountingMap}), checked against thresholds that are
 * broadcast to every instance ({@link BroadcastRules}), enriched in batches ({@link
 * BufferingOperator}) and written exactly once as files ({@link BatchingSink} with {@link
 * AlertFiles}).
 *
 * <p>Run it with {@code mvn -B -Ptour -DskipTests verify
 * -Ddemo.main=dev.flinkext.examples.functions.SensorAlertsJob}; it prints how many alerts it wrote
 * and how many it expected.
 */
@PublicEvolving
public final class SensorAlertsJob {

    /**
     * Sensor {@code s} alerts above {@code 50 + s} for sensors 0 to 2; sensor 3's rule is added and
     * removed again before the others arrive.
     */
    public static final List<Threshold> THRESHOLDS =
            List.of(
                    new Threshold(3, 53),
                    new Threshold(3, -1),
                    new Threshold(0, 50),
                    new Threshold(1, 51),
                    new Threshold(2, 52));

    private SensorAlertsJob() {}

    /** Adds the job to {@code env}, writing alert files into {@code output}. */
    public static void build(StreamExecutionEnvironment env, int sensors, long count, Path output) {
        BroadcastRules<Integer, Threshold> thresholds =
                BroadcastRules.of(
                                "thresholds",
                                Types.INT,
                                TypeInformation.of(Threshold.class),
                                (Threshold t) -> t.sensor)
                        .removedWhen(Threshold::isRemoval)
                        // Readings that overtake the thresholds wait for them in keyed state.
                        .holdEventsUntil(
                                rules ->
                                        rules.contains(0)
                                                && rules.contains(1)
                                                && rules.contains(2));

        DataStream<Threshold> rules =
                env.fromData(THRESHOLDS, TypeInformation.of(Threshold.class))
                        .uid("thresholds")
                        .setParallelism(1);
        DataStream<Reading> readings =
                env.addSource(
                                new SensorReadings(sensors, count),
                                "readings",
                                TypeInformation.of(Reading.class))
                        .uid("readings")
                        .map(new CountingMap())
                        .uid("count-readings");

        thresholds
                .apply(
                        readings.keyBy(r -> r.sensor, Types.INT),
                        rules,
                        (reading, current, out) -> {
                            Threshold rule = current.get(reading.sensor);
                            if (rule != null && reading.value > rule.limit) {
                                out.collect(reading.sequence);
                            }
                        },
                        Types.LONG)
                .uid("apply-thresholds")
                .transform(
                        "enrich-in-batches",
                        Types.STRING,
                        new BufferingOperator<Long, String>(
                                Types.LONG,
                                100,
                                Duration.ofMillis(200),
                                (batch, out) -> {
                                    // One "bulk lookup" per batch instead of one call per alert.
                                    for (long sequence : batch) {
                                        out.collect("alert " + sequence);
                                    }
                                }))
                .uid("enrich-in-batches")
                .sinkTo(new BatchingSink<>(Types.STRING, 500, new AlertFiles(output)))
                .uid("alert-files");
    }

    /** The alerts a correct run writes, whatever failed or was rescaled along the way. */
    public static long expectedAlerts(int sensors, long readings) {
        long alerts = 0;
        for (long sequence = 0; sequence < readings; sequence++) {
            int sensor = (int) (sequence % sensors);
            int value = (int) (sequence % 100);
            if (sensor <= 2 && value > 50 + sensor) {
                alerts++;
            }
        }
        return alerts;
    }

    public static void main(String[] args) throws Exception {
        int sensors = 8;
        long readings = 200_000;
        Path output = Files.createTempDirectory("flinkext-alerts-");
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        build(env, sensors, readings, output);
        env.execute("flinkext sensor alerts");

        long written = AlertFiles.read(output).size();
        long expected = expectedAlerts(sensors, readings);
        System.out.printf(
                "%,d readings from %d sensors: wrote %,d alerts to %s (expected %,d): %s%n",
                readings,
                sensors,
                written,
                output,
                expected,
                written == expected ? "exact" : "WRONG");
        System.exit(written == expected ? 0 : 1);
    }
}
