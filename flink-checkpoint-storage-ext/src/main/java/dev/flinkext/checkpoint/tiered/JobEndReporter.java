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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;

import java.util.Map;

/**
 * See {@link JobEndReporterFactory}: a metric removed from a job's JobManager metric group (the
 * group has a job id and no TaskManager, task or operator) means that the group closed, which Flink
 * does once the job's JobMaster stops. Metrics of TaskManagers, tasks and operators are ignored, so
 * is every added metric.
 */
@Internal
final class JobEndReporter implements MetricReporter {

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {}

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        String job = variables.get(ScopeFormat.SCOPE_JOB_ID);
        if (job == null
                || variables.containsKey(ScopeFormat.SCOPE_TASKMANAGER_ID)
                || variables.containsKey(ScopeFormat.SCOPE_TASK_VERTEX_ID)
                || variables.containsKey(ScopeFormat.SCOPE_OPERATOR_ID)) {
            return;
        }
        JobEnd.ended(JobID.fromHexString(job));
    }
}
