package dev.flinkext.state.functions.broadcast;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Collector;

import java.io.Serializable;

/**
 * Applies the current rules to one keyed event.
 *
 * @param <IN> the events' type
 * @param <ID> the rules' id type
 * @param <R> the rules' type
 * @param <OUT> the output type
 */
@PublicEvolving
@FunctionalInterface
public interface RuleFunction<IN, ID, R, OUT> extends Serializable {
    void process(IN event, Rules<ID, R> rules, Collector<OUT> out) throws Exception;
}
