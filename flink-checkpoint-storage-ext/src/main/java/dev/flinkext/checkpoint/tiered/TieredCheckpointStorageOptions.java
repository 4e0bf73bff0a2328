package dev.flinkext.checkpoint.tiered;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Options of {@link TieredCheckpointStorage}. */
@PublicEvolving
public final class TieredCheckpointStorageOptions {

    /** Streams up to this size stay inline in the checkpoint metadata. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<MemorySize> INLINE_THRESHOLD =
            ConfigOptions.key("flinkext.checkpoint.tiered.memory.inline-threshold")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription(
                            "State streams up to this size stay inline in the checkpoint metadata"
                                    + " (the memory tier), as long as the memory budget allows;"
                                    + " larger ones go to the filesystem tier. At most the budget.");

    /** Inline bytes allowed per task and checkpoint. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<MemorySize> MEMORY_BUDGET =
            ConfigOptions.key("flinkext.checkpoint.tiered.memory.budget")
                    .memoryType()
                    .defaultValue(MemorySize.parse("5mb"))
                    .withDescription(
                            "Inline bytes each task may put into one checkpoint's metadata. Streams"
                                    + " past it spill to the filesystem tier ("
                                    + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
                                    + "); with no directory, a checkpoint past it fails and says"
                                    + " which key to set.");

    private TieredCheckpointStorageOptions() {}
}
