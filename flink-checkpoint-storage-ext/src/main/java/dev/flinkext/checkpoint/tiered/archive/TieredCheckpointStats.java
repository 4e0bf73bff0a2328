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
import org.apache.flink.api.common.JobID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tiered storage's figures for one job on the JobManager: each completed checkpoint's split
 * between the memory and the filesystem tier, and the archive's progress. Flink gives a checkpoint
 * storage no metric group, so they are published as a JMX bean (see {@link
 * TieredCheckpointStatsMXBean}) and can be read in the same JVM with {@link #of(JobID)}.
 */
@PublicEvolving
public final class TieredCheckpointStats implements TieredCheckpointStatsMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(TieredCheckpointStats.class);
    private static final Map<JobID, TieredCheckpointStats> BY_JOB = new ConcurrentHashMap<>();

    private final String archiveDirectory;
    private final String runId = UUID.randomUUID().toString();
    private volatile long completedCheckpoints;
    private volatile long lastCheckpointId = -1;
    private volatile long inlineBytes = -1;
    private volatile long fileBytes = -1;
    private volatile long writtenBytes = -1;
    private volatile long metadataBytes = -1;
    private volatile long lastArchivedId = -1;
    private volatile long lastArchivedCompletedAt = -1;
    private volatile long lastArchiveDuration = -1;
    private volatile long lastArchiveBytes = -1;
    private volatile long archivesCompleted;
    private volatile long archivesFailed;
    private volatile long archivesSkipped;
    private volatile String lastArchiveFailure = "";

    // The oldest checkpoint due for the archive that no completed archive covers (its completion
    // time and the completed-checkpoint count then), and the first one due while an archive ran.
    // An archive of checkpoint n covers every checkpoint due up to n.
    private long pendingSinceAt = -1;
    private long pendingSinceCount = -1;
    private long dueDuringRunAt = -1;
    private long dueDuringRunCount = -1;

    private TieredCheckpointStats(String archiveDirectory) {
        this.archiveDirectory = archiveDirectory;
    }

    /**
     * The figures of a job whose JobManager runs in this JVM, once it completed a checkpoint and
     * until the job ends (see {@code JobEndReporterFactory}; without that hook, until the ended
     * job's checkpoint coordinator is garbage-collected).
     */
    public static Optional<TieredCheckpointStats> of(JobID jobId) {
        return Optional.ofNullable(BY_JOB.get(jobId));
    }

    /** Fresh figures for a job (a new JobManager run), registered with JMX. */
    static TieredCheckpointStats register(JobID jobId, String archiveDirectory) {
        TieredCheckpointStats stats = new TieredCheckpointStats(archiveDirectory);
        synchronized (BY_JOB) {
            TieredCheckpointStats previous = BY_JOB.put(jobId, stats);
            if (previous != null) {
                // A new run of the same job (a scheduler that rebuilds its execution graph on a
                // restart or rescale): the archive is as far behind as it was.
                stats.continueLagOf(previous);
            }
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = objectName(jobId);
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
                server.registerMBean(stats, name);
            } catch (JMException | RuntimeException e) {
                LOG.warn("Could not register the tiered storage's JMX bean for job {}", jobId, e);
            }
        }
        return stats;
    }

    /** Figures that nobody sees: for the work a job's threads finish after the job ended. */
    static TieredCheckpointStats unregistered(String archiveDirectory) {
        return new TieredCheckpointStats(archiveDirectory);
    }

    /**
     * The job's run that registered {@code stats} ended: forget its figures, unless a newer run
     * replaced them. The bean is checked by its run id too, since the MBean server is the JVM's
     * while this class may be loaded once per job (the pack inside a job jar).
     */
    static void release(JobID jobId, TieredCheckpointStats stats) {
        synchronized (BY_JOB) {
            BY_JOB.remove(jobId, stats);
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = objectName(jobId);
                if (server.isRegistered(name)
                        && stats.runId.equals(server.getAttribute(name, "RunId"))) {
                    server.unregisterMBean(name);
                }
            } catch (JMException | RuntimeException e) {
                LOG.debug("The tiered storage's JMX bean for job {} was gone already", jobId, e);
            }
        }
        LOG.debug("Released the tiered storage's figures of ended job {}", jobId);
    }

    /** {@code dev.flinkext:type=TieredCheckpointStorage,job=<job id>}. */
    public static ObjectName objectName(JobID jobId) throws MalformedObjectNameException {
        return new ObjectName(
                "dev.flinkext:type=TieredCheckpointStorage,job=" + jobId.toHexString());
    }

    void checkpointCompleted(
            long checkpointId, long inline, long files, long written, long metadata) {
        lastCheckpointId = checkpointId;
        inlineBytes = inline;
        fileBytes = files;
        writtenBytes = written;
        metadataBytes = metadata;
        completedCheckpoints++;
    }

    private synchronized void continueLagOf(TieredCheckpointStats previous) {
        synchronized (previous) {
            if (previous.pendingSinceAt >= 0) {
                pendingSinceAt = previous.pendingSinceAt;
                pendingSinceCount =
                        completedCheckpoints
                                - (previous.completedCheckpoints - previous.pendingSinceCount);
            }
            lastArchiveFailure = previous.lastArchiveFailure;
        }
    }

    /** A due checkpoint starts an archive. */
    synchronized void archiveStarted(long completedAt) {
        if (pendingSinceAt < 0) {
            pendingSinceAt = completedAt;
            pendingSinceCount = completedCheckpoints;
        }
        dueDuringRunAt = -1;
        dueDuringRunCount = -1;
    }

    /** A due checkpoint is not archived because an archive is still running. */
    synchronized void archiveSkipped(long completedAt) {
        archivesSkipped++;
        if (pendingSinceAt < 0) {
            pendingSinceAt = completedAt;
            pendingSinceCount = completedCheckpoints;
        }
        if (dueDuringRunAt < 0) {
            dueDuringRunAt = completedAt;
            dueDuringRunCount = completedCheckpoints;
        }
    }

    synchronized void archiveCompleted(
            long checkpointId, long completedAt, long durationMillis, long bytes) {
        lastArchivedId = checkpointId;
        lastArchivedCompletedAt = completedAt;
        lastArchiveDuration = durationMillis;
        lastArchiveBytes = bytes;
        archivesCompleted++;
        pendingSinceAt = dueDuringRunAt;
        pendingSinceCount = dueDuringRunCount;
    }

    synchronized void archiveFailed(String failure) {
        lastArchiveFailure = failure;
        archivesFailed++;
    }

    @Override
    public String getRunId() {
        return runId;
    }

    @Override
    public long getCompletedCheckpoints() {
        return completedCheckpoints;
    }

    @Override
    public long getLastCheckpointId() {
        return lastCheckpointId;
    }

    @Override
    public long getLastCheckpointInlineBytes() {
        return inlineBytes;
    }

    @Override
    public long getLastCheckpointFileBytes() {
        return fileBytes;
    }

    @Override
    public long getLastCheckpointWrittenBytes() {
        return writtenBytes;
    }

    @Override
    public long getLastCheckpointMetadataBytes() {
        return metadataBytes;
    }

    @Override
    public String getArchiveDirectory() {
        return archiveDirectory;
    }

    @Override
    public long getLastArchivedCheckpointId() {
        return lastArchivedId;
    }

    @Override
    public long getLastArchiveDurationMillis() {
        return lastArchiveDuration;
    }

    @Override
    public long getLastArchiveBytes() {
        return lastArchiveBytes;
    }

    /** The archive lag at one instant: time and completed checkpoints. */
    record Lag(long millis, long checkpoints) {}

    /** Both lag figures, read together; -1 and -1 without an archive. */
    synchronized Lag lag() {
        if (archiveDirectory.isEmpty()) {
            return new Lag(-1, -1);
        }
        if (pendingSinceAt < 0) {
            return new Lag(0, 0);
        }
        return new Lag(
                Math.max(0, System.currentTimeMillis() - pendingSinceAt),
                completedCheckpoints - pendingSinceCount + 1);
    }

    @Override
    public long getArchiveLagCheckpoints() {
        return lag().checkpoints();
    }

    @Override
    public long getArchiveLagMillis() {
        return lag().millis();
    }

    @Override
    public long getArchivesCompleted() {
        return archivesCompleted;
    }

    @Override
    public long getArchivesFailed() {
        return archivesFailed;
    }

    @Override
    public long getArchivesSkipped() {
        return archivesSkipped;
    }

    @Override
    public String getLastArchiveFailure() {
        return lastArchiveFailure;
    }
}
