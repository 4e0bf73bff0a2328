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

import dev.flinkext.checkpoint.tiered.archive.JobEnd;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.execution.JobExecutionStatusEvent;
import org.apache.flink.core.execution.JobStatusChangedListener;
import org.apache.flink.core.execution.JobStatusChangedListenerFactory;

/**
 * Flink 2.x only (Flink 1.20 has no job status listener; there {@link JobEndReporterFactory} is the
 * hook): ends what the tiered storage holds for a job on the JobManager (its figures, their JMX
 * bean, its threads) when the job reaches a terminal state there (finished, cancelled, failed for
 * good, suspended), instead of at the next garbage collection. A restart by the restart strategy is
 * no terminal state: the figures stay and count on.
 *
 * <pre>{@code
 * execution.job-status-changed-listeners: dev.flinkext.checkpoint.tiered.JobEndListenerFactory
 * }</pre>
 *
 * <p>Flink 2.x creates the listener on the JobManager for each job, with the job's user class
 * loader, so it works with the pack in {@code lib/} and inside a job jar alike. The key is read
 * from the cluster's configuration.
 */
@PublicEvolving
public final class JobEndListenerFactory implements JobStatusChangedListenerFactory {

    @Override
    public JobStatusChangedListener createListener(Context context) {
        JobEndHookCheck.JVM.installed();
        return event -> {
            if (event instanceof JobExecutionStatusEvent
                    && ((JobExecutionStatusEvent) event).newStatus().isTerminalState()) {
                JobEnd.ended(event.jobId());
            }
        };
    }
}
