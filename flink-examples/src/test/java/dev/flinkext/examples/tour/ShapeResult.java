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

import dev.flinkext.examples.tour.KryoShapesJob.Shape;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one shape of {@link KryoShapesJob} found after a restore: of the {@code expected} units
 * (keys, or elements of an operator state) that the savepoint held, how many came back {@code
 * exact}; how many units came back {@code wrong} (held ones, or ones that appeared where nothing
 * was held); and a few samples of the wrong ones ("unit: expected …, came back as …").
 */
record ShapeResult(int exact, int wrong, int expected, List<String> samples) {

    /** Every unit that the shape expects came back exact, and none wrong. */
    boolean isExact() {
        return expected > 0 && exact == expected && wrong == 0;
    }

    @Override
    public String toString() {
        return exact + "/" + wrong + "/" + expected;
    }

    /**
     * One line for the results of a run, {@code SHAPE=exact/wrong/expected} separated by commas
     * (the samples stay behind), as {@link #parse} reads it.
     */
    static String format(Map<Shape, ShapeResult> results) {
        return results.entrySet().stream()
                .map(e -> e.getKey().name() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** Reads a line that {@link #format} wrote. */
    static Map<Shape, ShapeResult> parse(String line) {
        Map<Shape, ShapeResult> results = new EnumMap<>(Shape.class);
        for (String entry : line.split(",")) {
            String[] nameAndCounts = entry.split("=");
            String[] counts = nameAndCounts[1].split("/");
            results.put(
                    Shape.valueOf(nameAndCounts[0]),
                    new ShapeResult(
                            Integer.parseInt(counts[0]),
                            Integer.parseInt(counts[1]),
                            Integer.parseInt(counts[2]),
                            List.of()));
        }
        return results;
    }
}
