package dev.flinkext.state.functions.buffering;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/**
 * Records that a {@link BatchingSink} writes together.
 *
 * @param id unique for this batch and the same every time the batch is written again after a
 *     failure: the key that makes a write idempotent
 * @param records the records, in the order they reached the sink
 */
@PublicEvolving
public record Batch<T>(String id, List<T> records) {}
