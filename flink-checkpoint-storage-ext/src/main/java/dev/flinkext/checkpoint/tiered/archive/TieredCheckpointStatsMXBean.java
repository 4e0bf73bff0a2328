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

/**
 * What the tiered storage reports per job, on the JobManager, as the JMX bean {@code
 * dev.flinkext:type=TieredCheckpointStorage,job=<job id>}. Sizes are of the last completed
 * checkpoint; -1 where nothing happened yet.
 */
@PublicEvolving
public interface TieredCheckpointStatsMXBean {

    /** Identifies the JobManager run of the job that registered these figures. */
    String getRunId();

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

    /**
     * Completed checkpoints since the oldest checkpoint that was due for the archive and has no
     * archive yet, that one included; 0 while every due checkpoint is archived, -1 without an
     * archive.
     */
    long getArchiveLagCheckpoints();

    /**
     * Time since the oldest checkpoint that was due for the archive and has no archive yet
     * completed; 0 while every due checkpoint is archived, -1 without an archive. It grows while
     * archives fail or stall: alert on it.
     */
    long getArchiveLagMillis();

    long getArchivesCompleted();

    long getArchivesFailed();

    /** Due checkpoints not archived because an archive was still running. */
    long getArchivesSkipped();

    /** The last archive failure, or empty. */
    String getLastArchiveFailure();
}
