package dev.flinkext.state.functions.broadcast;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Tells when enough rules have arrived for events to be judged, e.g. "a rule for every sensor".
 *
 * @param <ID> the rules' id type
 * @param <R> the rules' type
 */
@PublicEvolving
@FunctionalInterface
public interface RulesReady<ID, R> extends Serializable {
    boolean test(Rules<ID, R> rules) throws Exception;
}
