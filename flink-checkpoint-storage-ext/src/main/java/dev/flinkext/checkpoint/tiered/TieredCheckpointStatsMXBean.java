package dev.flinkext.checkpoint.tiered;

import org.apache.flink.annotation.PublicEvolving;

/**
 * What the tiered storage reports per job, on the JobManager, as the JMX bean {@code
 * dev.flinkext:type=TieredCheckpointStorage,job=<job id>}. Sizes are of the last completed
 * checkpoint; -1 where nothing happened yet.
 */
@PublicEvolving
public interface TieredCheckpointStatsMXBean {

    long getCompletedCheckpoints();

    long getLastCheckpointId();

    /** State bytes kept inline in the metadata (the memory tier). */
    long getLastCheckpointInlineBytes();

    /** State bytes in files the checkpoint references (the filesystem tier), reused ones too. */
    long getLastCheckpointFileBytes();

    /** Bytes this checkpoint wrote: its new state files and its {@code _metadata}. */
    long getLastCheckpointWrittenBytes();

    long getLastCheckpointMetadataBytes();

    /** The archive directory, or empty without an archive. */
    String getArchiveDirectory();

    long getLastArchivedCheckpointId();

    long getLastArchiveDurationMillis();

    long getLastArchiveBytes();

    /** Checkpoint ids between the last archived and the last completed checkpoint. */
    long getArchiveLagCheckpoints();

    /** Time since the last archived checkpoint completed; -1 before the first archive. */
    long getArchiveLagMillis();

    long getArchivesCompleted();

    long getArchivesFailed();

    /** Due checkpoints not archived because an archive was still running. */
    long getArchivesSkipped();

    /** The last archive failure, or empty. */
    String getLastArchiveFailure();
}
