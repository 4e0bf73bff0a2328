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
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The tour's job: {@link TourSource} (operator state) → key by key → {@link AllKeyedStatesFunction}
 * (all five kinds of keyed state) → {@link SummaryVerifier}.
 *
 * <p>Every operator has a fixed uid, so a checkpoint of one run restores into another run of the
 * same job under a different state backend or checkpoint storage.
 */
@PublicEvolving
public final class TourJob {

    private TourJob() {}

    /** Adds the tour's pipeline to {@code env}. */
    public static void build(StreamExecutionEnvironment env, TourParams params) {
        build(env, params, new AllKeyedStatesFunction());
    }

    static void build(
            StreamExecutionEnvironment env, TourParams params, AllKeyedStatesFunction keyedStates) {
        env.setParallelism(params.parallelism());
        env.fromSource(
                        new TourSource(params),
                        WatermarkStrategy.noWatermarks(),
                        "tour-source",
                        TypeInformation.of(Event.class))
                .uid("tour-source")
                .keyBy(event -> event.key, Types.LONG)
                .process(keyedStates, TypeInformation.of(KeySummary.class))
                .name("all-keyed-states")
                .uid("all-keyed-states")
                .process(new SummaryVerifier(params), Types.VOID)
                .name("verifier")
                .uid("verifier")
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>())
                .name("discard")
                .uid("discard")
                .setParallelism(1);
    }
}
