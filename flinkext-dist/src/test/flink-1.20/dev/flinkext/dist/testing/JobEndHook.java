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

import dev.flinkext.checkpoint.tiered.JobEndReporterFactory;
import dev.flinkext.testing.cluster.ProcessCluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;

/**
 * The tiered storage's job-end hook in a Flink 1.20 cluster's {@code config.yaml}: the pack's
 * metric reporter (the pack is in the cluster's lib/, where Flink looks for reporters).
 */
public final class JobEndHook {

    private JobEndHook() {}

    /** {@code cluster} with the hook's key. */
    public static ProcessCluster.Builder on(ProcessCluster.Builder cluster) {
        Configuration hook = new Configuration();
        MetricOptions.forReporter(hook, "flinkext_job_end")
                .set(MetricOptions.REPORTER_FACTORY_CLASS, JobEndReporterFactory.class.getName());
        hook.toMap().forEach(cluster::setString);
        return cluster;
    }
}
