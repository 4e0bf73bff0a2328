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
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashSet;
import java.util.Set;

/**
 * Checks every {@link KeySummary} against the summary a correct run produces and reports through
 * accumulators, so the verdict travels with the job result to wherever the job was submitted from.
 *
 * <p>Runs at parallelism 1 and remembers the keys it has seen: a key reported twice is an error
 * just like a wrong count. A key never reported shows as a shortfall of {@link #VERIFIED_KEYS}.
 */
@PublicEvolving
public class SummaryVerifier extends ProcessFunction<KeySummary, Void> {

    private static final long serialVersionUID = 1L;

    /** Accumulator: keys whose summary matched exactly. */
    public static final String VERIFIED_KEYS = "flinkext-tour-verified-keys";

    /** Accumulator: one line per key that was wrong or reported twice (the first few only). */
    public static final String MISMATCHES = "flinkext-tour-mismatches";

    private static final int MAX_REPORTED_MISMATCHES = 10;

    private final TourParams params;

    private transient IntCounter verified;
    private transient ListAccumulator<String> mismatches;
    private transient Set<Long> seen;
    private transient int reported;

    public SummaryVerifier(TourParams params) {
        this.params = params;
    }

    @Override
    public void open(OpenContext openContext) {
        verified = new IntCounter();
        mismatches = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(VERIFIED_KEYS, verified);
        getRuntimeContext().addAccumulator(MISMATCHES, mismatches);
        seen = new HashSet<>();
    }

    @Override
    public void processElement(KeySummary summary, Context ctx, Collector<Void> out) {
        String problem;
        if (!seen.add(summary.key)) {
            problem = "reported twice";
        } else if (summary.key < 0 || summary.key >= params.keys()) {
            problem = "is not one of the " + params.keys() + " keys";
        } else {
            problem =
                    summary.firstDifference(
                            KeySummary.expected(summary.key, params.records(), params.keys()));
        }
        if (problem == null) {
            verified.add(1);
        } else if (reported++ < MAX_REPORTED_MISMATCHES) {
            mismatches.add("key " + summary.key + ": " + problem);
        }
    }
}
