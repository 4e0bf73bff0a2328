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

    /** Every migration the tour proves. */
    public static List<Migration> all() {
        return TourConfiguration.migrations();
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
