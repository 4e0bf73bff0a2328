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
import org.apache.flink.configuration.DeploymentOptions;

import java.util.List;

/**
 * Flink 2.x adapter: the job-end hook a cluster of this line sets, as {@link JobEndHookCheck}'s
 * warning names it: the job status listener {@link JobEndListenerFactory}, which Flink creates with
 * the job's user class loader, so it works with the pack in {@code lib/} and inside a job jar. 1.20
 * has no such listener and names a metric reporter instead (see the 1.20 version of this class).
 */
@Internal
final class JobEndHookAdapter {

    private JobEndHookAdapter() {}

    /** The hook's keys, as the cluster's configuration sets them. */
    static Configuration hook() {
        Configuration hook = new Configuration();
        hook.set(
                DeploymentOptions.JOB_STATUS_CHANGED_LISTENERS,
                List.of(JobEndListenerFactory.class.getName()));
        return hook;
    }

    /** Where the pack must be for the hook to load, as the end of a sentence. */
    static String where() {
        return "";
    }
}
