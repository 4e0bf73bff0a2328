package dev.flinkext.state.functions.buffering;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.util.List;

/**
 * Processes one batch of buffered records, e.g. one bulk call to an external service.
 *
 * @param <IN> the buffered records' type
 * @param <OUT> the type of what the batch produces
 */
@PublicEvolving
@FunctionalInterface
public interface BatchFunction<IN, OUT> extends Serializable {
    void process(List<IN> batch, Collector<OUT> out) throws Exception;
}
