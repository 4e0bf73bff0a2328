package dev.flinkext.checkpoint.tiered;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.CheckpointStorageFactory;

/**
 * Creates a {@link TieredCheckpointStorage} from configuration alone: {@code
 * execution.checkpointing.storage: dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory}.
 */
@PublicEvolving
public class TieredCheckpointStorageFactory
        implements CheckpointStorageFactory<TieredCheckpointStorage> {

    @Override
    public TieredCheckpointStorage createFromConfig(
            ReadableConfig config, ClassLoader classLoader) {
        return new TieredCheckpointStorage().configure(config, classLoader);
    }
}
