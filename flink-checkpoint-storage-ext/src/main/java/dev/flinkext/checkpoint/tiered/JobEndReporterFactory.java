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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/**
 * Ends what the tiered storage holds for a job on the JobManager (its figures, their JMX bean, its
 * threads) when the job ends there, instead of at the next garbage collection. Flink 1.20 has no
 * job status listener that configuration can add, and tells a checkpoint storage nothing at a job's
 * end; what it does at every end of a job on the JobManager (finished, cancelled, failed for good,
 * suspended; not at a restart) is to close the job's metric group, which removes the group's
 * metrics from every reporter. This reporter reports nothing: it only listens for that removal.
 *
 * <pre>{@code
 * metrics.reporter.flinkext_job_end.factory.class: dev.flinkext.checkpoint.tiered.JobEndReporterFactory
 * }</pre>
 *
 * <p>Flink finds reporter factories on its classpath (the pack in {@code lib/}); a pack inside a
 * job jar falls back to the release at garbage collection on Flink 1.20. On Flink 2.x the job
 * status listener {@code dev.flinkext.checkpoint.tiered.JobEndListenerFactory} is the better hook
 * (it also works from inside a job jar); this reporter works there too.
 */
@PublicEvolving
public final class JobEndReporterFactory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        JobEndHookCheck.JVM.installed();
        return new JobEndReporter();
    }
}
