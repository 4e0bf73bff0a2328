package dev.flinkext.examples.functions;

import dev.flinkext.state.functions.source.OffsetTrackingSource;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A replayable source of {@code total} readings from {@code sensors} sensors, one partition per
 * sensor: partition {@code p} holds the readings {@code p, p + sensors, p + 2 * sensors, ...}.
 * Everything about checkpointing the read position is in {@link OffsetTrackingSource}.
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
