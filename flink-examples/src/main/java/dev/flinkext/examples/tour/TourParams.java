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
import org.apache.flink.util.Preconditions;

import java.io.Serializable;
import java.time.Duration;

/**
 * Shape of one tour run.
 *
 * @param records how many events the source emits in total
 * @param keys how many distinct keys the events spread over
 * @param partitions logical partitions of the source (bounds the useful source parallelism)
 * @param parallelism parallelism of every operator but the verifier
 * @param recordsPerSecond the source's total rate, over all subtasks; 0 for as fast as it can. A
 *     steady rate spreads the run over several checkpoints, which is what makes incremental
 *     checkpoints visible.
 * @param checkpointInterval how often Flink checkpoints
 * @param quietCheckpoints checkpoints the source waits for after its last record, before it ends
 * @param injectFailure whether the first attempt fails once after a completed checkpoint
 */
@PublicEvolving
public record TourParams(
        long records,
        int keys,
        int partitions,
        int parallelism,
        long recordsPerSecond,
        Duration checkpointInterval,
        int quietCheckpoints,
        boolean injectFailure)
        implements Serializable {

    public TourParams {
        Preconditions.checkArgument(records > 0, "records must be positive, got %s", records);
        Preconditions.checkArgument(keys > 0, "keys must be positive, got %s", keys);
        Preconditions.checkArgument(
                partitions > 0, "partitions must be positive, got %s", partitions);
        Preconditions.checkArgument(
                parallelism > 0, "parallelism must be positive, got %s", parallelism);
        Preconditions.checkArgument(
                recordsPerSecond >= 0,
                "recordsPerSecond must be 0 (unlimited) or positive, got %s",
                recordsPerSecond);
        Preconditions.checkArgument(
                quietCheckpoints >= 0,
                "quietCheckpoints must not be negative, got %s",
                quietCheckpoints);
    }

    /** The defaults of the tour: 100,000 events over 1,000 keys at 40,000/s, parallelism 2. */
    public static TourParams defaults() {
        return new TourParams(100_000, 1_000, 4, 2, 40_000, Duration.ofMillis(200), 2, true);
    }

    public TourParams withInjectedFailure(boolean inject) {
        return new TourParams(
                records,
                keys,
                partitions,
                parallelism,
                recordsPerSecond,
                checkpointInterval,
                quietCheckpoints,
                inject);
    }
}
