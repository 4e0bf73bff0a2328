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

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;

/**
 * Flink 1.20 adapter: the job-end hook a cluster of this line sets, as {@link JobEndHookCheck}'s
 * warning names it. Flink 1.20 has no job status listener, so the hook is the metric reporter
 * {@link JobEndReporterFactory}, which Flink looks for on its own classpath only. 2.x names its job
 * status listener instead (see the 2.x version of this class).
 */
@Internal
final class JobEndHookAdapter {

    /** The reporter's name in its keys ({@code metrics.reporter.<name>.*}). */
    static final String REPORTER = "flinkext_job_end";

    private JobEndHookAdapter() {}

    /** The hook's keys, as the cluster's configuration sets them. */
    static Configuration hook() {
        Configuration hook = new Configuration();
        MetricOptions.forReporter(hook, REPORTER)
                .set(MetricOptions.REPORTER_FACTORY_CLASS, JobEndReporterFactory.class.getName());
        return hook;
    }

    /** Where the pack must be for the hook to load, as the end of a sentence. */
    static String where() {
        return ", with the pack in Flink's lib/, where Flink 1.20 looks for reporters";
    }
}
