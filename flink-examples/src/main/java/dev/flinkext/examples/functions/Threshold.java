package dev.flinkext.examples.functions;

import org.apache.flink.annotation.PublicEvolving;

/** A rule: readings of {@code sensor} above {@code limit} raise an alert; no limit removes it. */
@PublicEvolving
public class Threshold {
    public int sensor;

    /** The limit, or -1 to remove the sensor's rule. */
    public int limit;

    /** For Flink's POJO serializer. */
    public Threshold() {}

    public Threshold(int sensor, int limit) {
        this.sensor = sensor;
        this.limit = limit;
    }

    public boolean isRemoval() {
        return limit < 0;
    }
}
