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
package dev.flinkext.checkpoint.tiered.testing;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.minicluster.MiniCluster;

/** Waiting for a job on a MiniCluster, the same way on both Flink lines. */
public final class Jobs {

    private Jobs() {}

    /**
     * Waits until job {@code id} has ended and returns how it ended ({@code FINISHED}, {@code
     * CANCELED}, {@code FAILED}). The cluster's job status serves both lines: 1.20's {@code
     * JobResult} reports an application status, 2.x's a job status.
     */
    public static JobStatus awaitFinalStatus(MiniCluster cluster, JobID id) throws Exception {
        cluster.requestJobResult(id).get();
        return cluster.getJobStatus(id).get();
    }
}
