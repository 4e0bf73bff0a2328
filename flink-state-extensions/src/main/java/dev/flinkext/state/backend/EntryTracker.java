package dev.flinkext.state.backend;

import dev.flinkext.state.metrics.AbstractInstrumentedState;
import dev.flinkext.state.metrics.StateMetrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.MetricGroup;

import java.io.Serializable;

/**
 * What a backend knows about the size of its states that the access wrappers cannot see: how many
 * entries a state holds, and how large the current entry is.
 */
@Internal
public interface EntryTracker extends Serializable {

    /** Starts tracking one state; registers its entry and size gauges in {@code stateGroup}. */
    void track(
            AbstractInstrumentedState<?, ?, ?, ?> state,
            StateMetrics metrics,
            MetricGroup stateGroup);

    /** The keyed backend was disposed: forget its states. */
    default void release(InstrumentedKeyedStateBackend<?> backend) {}
}
