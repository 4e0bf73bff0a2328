package dev.flinkext.examples.tour;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Read position of one logical partition of {@link TourSource}. It is the element type of the
 * source's operator state, so each partition, not each subtask, carries its offset: that is what
 * lets the state be split evenly across a different parallelism on restore.
 */
@PublicEvolving
public class PartitionOffset {
    public int partition;

    /** Number of records of this partition already emitted. */
    public long emitted;

    /** For Flink's POJO serializer. */
    public PartitionOffset() {}

    public PartitionOffset(int partition, long emitted) {
        this.partition = partition;
        this.emitted = emitted;
    }

    @Override
    public String toString() {
        return "partition " + partition + " @ " + emitted;
    }
}
