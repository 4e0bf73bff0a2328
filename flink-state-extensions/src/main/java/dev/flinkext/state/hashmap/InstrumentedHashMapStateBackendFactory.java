package dev.flinkext.state.hashmap;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.StateBackendFactory;

/**
 * Creates an {@link InstrumentedHashMapStateBackend} from configuration alone: {@code
 * state.backend.type: dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory}.
 */
@PublicEvolving
public class InstrumentedHashMapStateBackendFactory
        implements StateBackendFactory<InstrumentedHashMapStateBackend> {

    @Override
    public InstrumentedHashMapStateBackend createFromConfig(
            ReadableConfig config, ClassLoader classLoader) {
        return new InstrumentedHashMapStateBackend().configure(config, classLoader);
    }
}
