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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each running job holds on this JobManager (its checkpoint monitors' figures and threads),
 * released when Flink reports the job's end through {@code JobEndReporterFactory} or, on Flink 2.x,
 * the job status listener {@code JobEndListenerFactory}. Holds only the release actions, never a
 * monitor, so that the garbage collector's release ({@link CheckpointMonitor}'s cleaner) still
 * works on a cluster without either hook.
 */
@Internal
public final class JobEnd {

    private static final Logger LOG = LoggerFactory.getLogger(JobEnd.class);

    private static final Map<JobID, Set<Runnable>> RELEASES = new ConcurrentHashMap<>();

    private JobEnd() {}

    /** {@code release} runs when {@code jobId} ends on this JobManager. */
    static void register(JobID jobId, Runnable release) {
        RELEASES.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(release);
    }

    /** {@code release} ran already (the garbage collector's safety net). */
    static void forget(JobID jobId, Runnable release) {
        RELEASES.computeIfPresent(
                jobId,
                (id, releases) -> {
                    releases.remove(release);
                    return releases.isEmpty() ? null : releases;
                });
    }

    /**
     * {@code jobId} reached a terminal state on this JobManager (finished, cancelled, failed for
     * good, or suspended): releases what it holds here. A restart is no end.
     */
    public static void ended(JobID jobId) {
        Set<Runnable> releases = RELEASES.remove(jobId);
        if (releases == null) {
            return;
        }
        for (Runnable release : List.copyOf(releases)) {
            try {
                release.run();
            } catch (RuntimeException e) {
                LOG.warn("Could not release the resources of ended job {}", jobId, e);
            }
        }
        LOG.debug("Released the tiered storage's resources of ended job {}", jobId);
    }
}
