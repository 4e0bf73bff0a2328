package dev.flinkext.state.functions;

import org.apache.flink.annotation.PublicEvolving;

/**
 * How the parts of an operator state that all parallel instances wrote are handed out again when a
 * job restores, possibly at a different parallelism.
 */
@PublicEvolving
public enum Redistribution {
    /**
     * The parts written by all instances are dealt out: each part goes to exactly one new instance,
     * some instances may get none. Right for state that is partitioned work (offsets per source
     * partition, buffered records): nothing is lost and nothing is processed twice.
     */
    EVEN_SPLIT,

    /**
     * Every new instance gets every part written by every old instance. Right for state that every
     * instance needs whole (a configuration, a watermark); wrong for counts, which would be counted
     * once per instance.
     */
    UNION
}
