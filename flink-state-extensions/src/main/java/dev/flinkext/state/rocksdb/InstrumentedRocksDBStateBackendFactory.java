package dev.flinkext.state.rocksdb;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.StateBackendFactory;

/**
 * Creates an {@link InstrumentedRocksDBStateBackend} from configuration alone: {@code
 * state.backend.type: dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory}.
 */
@PublicEvolving
public class InstrumentedRocksDBStateBackendFactory
        implements StateBackendFactory<InstrumentedRocksDBStateBackend> {

    @Override
    public InstrumentedRocksDBStateBackend createFromConfig(
            ReadableConfig config, ClassLoader classLoader) {
        return new InstrumentedRocksDBStateBackend().configure(config, classLoader);
    }
}
