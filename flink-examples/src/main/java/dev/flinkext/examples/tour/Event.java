package dev.flinkext.examples.tour;

import org.apache.flink.annotation.PublicEvolving;

/** One input record of the tour: record {@code i} has key {@code i % keys} and value {@code i}. */
@PublicEvolving
public class Event {
    public long key;
    public long value;

    /** For Flink's POJO serializer. */
    public Event() {}

    public Event(long key, long value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public String toString() {
        return "Event{key=" + key + ", value=" + value + '}';
    }
}
