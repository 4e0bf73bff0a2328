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
package dev.flinkext.examples.cluster;

import dev.flinkext.examples.tour.TourJob;
import dev.flinkext.examples.tour.TourParams;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tour's job ({@link TourJob}: every keyed state kind and an operator state, results verified
 * exactly) as the main class of a job jar, for {@code flink run} or a REST submission to a real
 * cluster. The state backend, checkpoint storage and checkpoint interval come from the cluster's
 * configuration alone; the job sets no backend in code. Failures are whatever the cluster suffers
 * (a killed TaskManager, a killed JobManager): the job injects none.
 *
 * <p>Arguments: {@code --records N --keys K --parallelism P --rate R} (events per second, 0 for no
 * limit) {@code --quiet-checkpoints Q} (checkpoints the source waits for after its last record
 * before it ends, 0 by default: with a large Q the input never ends while the job runs, so every
 * checkpoint of the job is taken before the end-of-input timers fire); unknown arguments are
 * refused.
 */
@PublicEvolving
public final class ClusterTourJob {

    /** The job name the cluster shows. */
    public static final String JOB_NAME = "flinkext cluster tour";

    private static final Set<String> KEYS =
            Set.of("records", "keys", "parallelism", "rate", "quiet-checkpoints");

    private ClusterTourJob() {}

    public static void main(String[] args) throws Exception {
        TourParams params = params(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TourJob.build(env, params);
        env.execute(JOB_NAME);
    }

    /** The tour's parameters from {@code --name value} pairs, with the tour's defaults. */
    public static TourParams params(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!KEYS.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "Bad argument '"
                                + args[i]
                                + "': expected --name value pairs with name one of "
                                + KEYS);
            }
            given.put(name, args[i + 1]);
        }
        TourParams defaults = TourParams.defaults();
        return new TourParams(
                Long.parseLong(given.getOrDefault("records", "" + defaults.records())),
                Integer.parseInt(given.getOrDefault("keys", "" + defaults.keys())),
                defaults.partitions(),
                Integer.parseInt(given.getOrDefault("parallelism", "" + defaults.parallelism())),
                Long.parseLong(given.getOrDefault("rate", "" + defaults.recordsPerSecond())),
                Duration.ZERO,
                Integer.parseInt(given.getOrDefault("quiet-checkpoints", "0")),
                false);
    }
}
