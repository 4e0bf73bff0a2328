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

import dev.flinkext.checkpoint.tiered.JobEndListenerFactory;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;

import java.util.List;

/** The hook that tells the tiered storage of a job's end, on Flink 2.x: a job status listener. */
public final class JobEndHooks {

    private JobEndHooks() {}

    /** {@code cluster} with the hook set. */
    public static Configuration on(Configuration cluster) {
        cluster.set(
                DeploymentOptions.JOB_STATUS_CHANGED_LISTENERS,
                List.of(JobEndListenerFactory.class.getName()));
        return cluster;
    }
}
