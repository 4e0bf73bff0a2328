package dev.flinkext.state.instrumented;

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

    /** A keyed backend that reports metrics was created: add its backend-level metrics. */
    default void attach(InstrumentedKeyedStateBackend<?> backend) {}

    /** The keyed backend was disposed: forget its states. */
    default void release(InstrumentedKeyedStateBackend<?> backend) {}
}
