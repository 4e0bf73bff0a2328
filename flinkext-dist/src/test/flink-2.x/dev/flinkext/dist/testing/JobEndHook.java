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
package dev.flinkext.dist.testing;

import dev.flinkext.checkpoint.tiered.JobEndListenerFactory;
import dev.flinkext.testing.cluster.ProcessCluster;

import org.apache.flink.configuration.DeploymentOptions;

/**
 * The tiered storage's job-end hook in a Flink 2.x cluster's {@code config.yaml}: the pack's job
 * status listener.
 */
public final class JobEndHook {

    private JobEndHook() {}

    /** {@code cluster} with the hook's key, its value written as docs/cluster.md writes it. */
    public static ProcessCluster.Builder on(ProcessCluster.Builder cluster) {
        return cluster.setString(
                DeploymentOptions.JOB_STATUS_CHANGED_LISTENERS.key(),
                JobEndListenerFactory.class.getName());
    }
}
