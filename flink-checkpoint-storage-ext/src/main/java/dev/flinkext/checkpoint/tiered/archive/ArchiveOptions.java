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
package dev.flinkext.checkpoint.tiered.archive;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.StateRecoveryOptions;

import java.time.Duration;

/**
 * Options of the tiered checkpoint storage's archive tier ({@code
 * flinkext.checkpoint.tiered.archive.*}). The memory and filesystem tiers' are {@code
 * TieredCheckpointStorageOptions}.
 */
@PublicEvolving
public final class ArchiveOptions {

    /** The archive tier: where self-contained copies of completed checkpoints go. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<String> ARCHIVE_DIR =
            ConfigOptions.key("flinkext.checkpoint.tiered.archive.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of the archive tier, on any Flink filesystem (e.g."
                                    + " s3://bucket/archive). Completed checkpoints are copied there"
                                    + " asynchronously, with every file they reference, into"
                                    + " <dir>/<job id>/chk-<n>, restorable with "
                                    + StateRecoveryOptions.SAVEPOINT_PATH.key()
                                    + ". Unset: no archive.");

    /** Archive every Nth completed checkpoint. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<Integer> ARCHIVE_EVERY_N_CHECKPOINTS =
            ConfigOptions.key("flinkext.checkpoint.tiered.archive.every-n-checkpoints")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "A completed checkpoint is archived when this many checkpoints completed"
                                    + " since the last archived one (or the interval passed). One"
                                    + " archive runs at a time: a checkpoint that is due while one"
                                    + " runs is skipped and the next one is due. At least 1.");

    /** Archive at most once per interval (when set). */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<Duration> ARCHIVE_INTERVAL =
            ConfigOptions.key("flinkext.checkpoint.tiered.archive.interval")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "When set, a completed checkpoint is archived once this much time passed"
                                    + " since the last archive started, and every-n-checkpoints is"
                                    + " only used when it is set explicitly too (whichever comes"
                                    + " first). Example: 1 h.");

    /** How many archives to keep. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<Integer> ARCHIVE_RETAINED =
            ConfigOptions.key("flinkext.checkpoint.tiered.archive.retained")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "How many complete archives of a job to keep; older ones are deleted"
                                    + " after each new archive. At least 1.");

    /** How old an archive may get. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<Duration> ARCHIVE_MAX_AGE =
            ConfigOptions.key("flinkext.checkpoint.tiered.archive.max-age")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "When set, archives older than this are deleted too (the newest archive"
                                    + " is always kept). Example: 7 d.");

    /** How long the archive may fall behind before checkpoints are refused. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<Duration> ARCHIVE_MAX_LAG =
            ConfigOptions.key("flinkext.checkpoint.tiered.archive.max-lag")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "When set, the archive lag (the time since the oldest checkpoint that"
                                    + " was due for the archive and has none completed) may not"
                                    + " pass this: past it the storage refuses every new checkpoint"
                                    + " with an error naming this key, the lag and the last archive"
                                    + " failure. Refused checkpoints count against "
                                    + CheckpointingOptions.TOLERABLE_FAILURE_NUMBER.key()
                                    + " (0 by default, so the job fails at the first). Unset:"
                                    + " archive failures never fail the job. Example: 2 h.");

    /** How many completed checkpoints the archive may fall behind. */
    @Documentation.Section("flinkext_checkpoint_tiered")
    public static final ConfigOption<Integer> ARCHIVE_MAX_LAG_CHECKPOINTS =
            ConfigOptions.key("flinkext.checkpoint.tiered.archive.max-lag-checkpoints")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Like "
                                    + ARCHIVE_MAX_LAG.key()
                                    + ", counted in completed checkpoints since the oldest one due"
                                    + " for the archive without an archive. At least 1.");

    private ArchiveOptions() {}
}
