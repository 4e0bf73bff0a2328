package dev.flinkext.state.functions.buffering;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Writes a {@link Batch} to the outside world. Called after the checkpoint that holds the batch has
 * completed, and again with the same batch (same id, same records) if the job restores from that
 * checkpoint before the next one: write it idempotently on {@link Batch#id()} (an upsert, a table
 * of written ids, a file named after the id) and the sink's output is exactly-once.
 *
 * @param <T> the records' type
 */
@PublicEvolving
@FunctionalInterface
public interface BatchWriter<T> extends Serializable {
    /** Writes the batch; an exception fails the job, which restores and writes it again. */
    void write(Batch<T> batch) throws Exception;
}
