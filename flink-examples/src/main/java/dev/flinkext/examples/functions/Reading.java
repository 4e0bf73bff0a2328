package dev.flinkext.examples.functions;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A sensor reading: reading {@code i} is from sensor {@code i % sensors} with value {@code i %
 * 100}.
 */
@PublicEvolving
public class Reading {
    public long sequence;
    public int sensor;
    public int value;

    /** For Flink's POJO serializer. */
    public Reading() {}

    public Reading(long sequence, int sensor, int value) {
        this.sequence = sequence;
        this.sensor = sensor;
        this.value = value;
    }
}
