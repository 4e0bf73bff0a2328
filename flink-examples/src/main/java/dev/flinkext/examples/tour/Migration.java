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

import java.util.ArrayList;
import java.util.List;

/**
 * A retained checkpoint written under {@code from} and restored under {@code to}.
 *
 * @param from the configuration of the job that writes and retains the checkpoint
 * @param to the configuration of the new job that restores it
 */
@PublicEvolving
public record Migration(TourConfiguration from, TourConfiguration to) {

    /** Between the two configurations in a {@link #description()}. */
    static final String THEN = "  ==>  ";

    /** The migrations the tour proves: each pre-1.14 configuration to its 1.14+ equivalent. */
    public static final List<Migration> PRE_1_14_TO_1_14 =
            List.of(
                    new Migration(
                            TourConfiguration.LEGACY_FILESYSTEM,
                            TourConfiguration.HASHMAP_FILESYSTEM),
                    new Migration(
                            TourConfiguration.LEGACY_ROCKSDB_INCREMENTAL,
                            TourConfiguration.ROCKSDB_INCREMENTAL),
                    new Migration(
                            TourConfiguration.LEGACY_ROCKSDB_FULL, TourConfiguration.ROCKSDB_FULL));

    /**
     * No lock-in: a checkpoint of Flink's own backend restores into the pack's instrumented one,
     * one of the instrumented backend into Flink's own, and one of the tiered storage with Flink's
     * filesystem storage.
     */
    public static final List<Migration> PLAIN_AND_INSTRUMENTED =
            List.of(
                    new Migration(
                            TourConfiguration.CONFIG_ROCKSDB_INCREMENTAL,
                            TourConfiguration.FLINKEXT_ROCKSDB),
                    new Migration(
                            TourConfiguration.FLINKEXT_HASHMAP,
                            TourConfiguration.CONFIG_HASHMAP_FILESYSTEM),
                    // A checkpoint of the tiered storage, partly inline and partly in files,
                    // restores with Flink's own filesystem storage.
                    new Migration(
                            TourConfiguration.FLINKEXT_TIERED_STORAGE,
                            TourConfiguration.CONFIG_HASHMAP_FILESYSTEM));

    /** Every migration the tour proves. */
    public static List<Migration> all() {
        List<Migration> all = new ArrayList<>(PRE_1_14_TO_1_14);
        all.addAll(PLAIN_AND_INSTRUMENTED);
        return all;
    }

    /** The run's row label: both configurations' numbers, e.g. {@code #3 -> #7}. */
    public String label() {
        return "#" + from.number() + " -> #" + to.number();
    }

    /** What both jobs are configured as: {@code from}'s description, then {@code to}'s. */
    public String description() {
        return from.description() + THEN + to.description();
    }

    /** Folder of this migration's checkpoints under the tour's checkpoint root. */
    public String directoryName() {
        return from.name() + "-to-" + to.name();
    }

    @Override
    public String toString() {
        return from.name() + " -> " + to.name();
    }
}
