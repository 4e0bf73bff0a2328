/*
 * Copyright 2026 the flinkext authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.flinkext.checkpoint.tiered;

import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.util.List;

/**
 * Options of {@link TieredCheckpointStorage}: its memory and filesystem tiers. The archive tier's
 * are {@link ArchiveOptions}.
 */
@PublicEvolving
public final class TieredCheckpointStorageOptions {

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

    /** Streams up to this size stay inline in the checkpoint metadata. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<MemorySize> INLINE_THRESHOLD =
            ConfigOptions.key("flinkext.checkpoint.tiered.memory.inline-threshold")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1mb"))
                    .withDescription(
                            "State streams up to this size stay inline in the checkpoint metadata"
                                    + " (the memory tier), as long as the memory budget allows;"
                                    + " larger ones go to the filesystem tier. At most "
                                    + MEMORY_BUDGET.key()
                                    + "; when not set, the smaller of 1 mb and the budget.");

    /** Every key of the tiered storage, to recognise misspelt ones. */
    static final List<ConfigOption<?>> ALL =
            List.of(
                    INLINE_THRESHOLD,
                    MEMORY_BUDGET,
                    ArchiveOptions.ARCHIVE_DIR,
                    ArchiveOptions.ARCHIVE_EVERY_N_CHECKPOINTS,
                    ArchiveOptions.ARCHIVE_INTERVAL,
                    ArchiveOptions.ARCHIVE_RETAINED,
                    ArchiveOptions.ARCHIVE_MAX_AGE,
                    ArchiveOptions.ARCHIVE_MAX_LAG,
                    ArchiveOptions.ARCHIVE_MAX_LAG_CHECKPOINTS);

    static final String PREFIX = "flinkext.checkpoint.tiered.";

    private TieredCheckpointStorageOptions() {}
}
