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

import dev.flinkext.state.functions.source.OffsetTrackingSource;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Flink 1.20 only (a {@code SourceFunction}, which 2.0 removed). A replayable source of {@code
 * total} readings from {@code sensors} sensors, one partition per sensor: partition {@code p} holds
 * the readings {@code p, p + sensors, p + 2 * sensors, ...}. Everything about checkpointing the
 * read position is in {@link OffsetTrackingSource}.
 */
@PublicEvolving
public class SensorReadings extends OffsetTrackingSource<Reading> {

    private final int sensors;
    private final long total;

    public SensorReadings(int sensors, long total) {
        super(sensors);
        this.sensors = sensors;
        this.total = total;
    }

    @Override
    protected Reading read(int partition, long offset) {
        long sequence = partition + offset * sensors;
        return sequence < total ? new Reading(sequence, partition, (int) (sequence % 100)) : null;
    }
}
