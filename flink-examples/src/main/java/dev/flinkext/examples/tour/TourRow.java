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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.util.Map;

/**
 * One row of the tour: a state-backend / checkpoint-storage configuration, as configuration keys
 * (what a {@code config.yaml} holds) and, on Flink 1.20 only, Java API calls. {@code
 * TourConfiguration}, an enum of each Flink line, lists the rows that line runs.
 */
@PublicEvolving
public interface TourRow {

    /** Placeholder for the run's checkpoint directory in configuration values. */
    String DIR = "${dir}";

    /** The row's constant name, e.g. {@code CONFIG_HASHMAP_FILESYSTEM}. */
    String name();

    /** Position in the line's list of rows, from 0. */
    int ordinal();

    /** A name short enough for a table row, e.g. {@code legacy-fs}; {@code --config} takes it. */
    String shortName();

    /** The code or the configuration keys that make up this row. */
    String description();

    /** The row's configuration keys, with {@link #DIR} for the run's checkpoint directory. */
    Map<String, String> keys();

    /** Row number in the tour, from 1. */
    default int number() {
        return ordinal() + 1;
    }

    /** The run's row label: number and short name, e.g. {@code #3 legacy-fs}. */
    default String label() {
        return "#" + number() + " " + shortName();
    }

    /** Sets this row's keys (the {@code config.yaml} part) into {@code conf}. */
    default void configure(Configuration conf, String checkpointDir) {
        keys().forEach((key, value) -> conf.setString(key, value.replace(DIR, checkpointDir)));
    }

    /** Applies this row's Java API calls (the in-code part, 1.20 only) to {@code env}. */
    default void applyInCode(StreamExecutionEnvironment env, String checkpointDir)
            throws IOException {}

    /** The keys as a row's description: sorted, {@code key: value}, comma-separated. */
    static String describe(Map<String, String> keys) {
        StringBuilder text = new StringBuilder();
        keys.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e ->
                                text.append(text.length() == 0 ? "" : ", ")
                                        .append(e.getKey())
                                        .append(": ")
                                        .append(e.getValue().replace(DIR, "dir")));
        return text.toString();
    }
}
