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
package dev.flinkext.examples.tour;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Duration;
import java.util.List;

/**
 * What one tour run showed.
 *
 * @param label the row's short name in the table, e.g. {@code #3 legacy-fs} or {@code #3 -> #7}
 * @param name the configuration's (or the migration's) full name, e.g. {@code LEGACY_FILESYSTEM}
 * @param description the code or keys of the configuration, in full
 * @param stateBackend the state backend as the JobManager resolved it
 * @param checkpointStorage the checkpoint storage as the JobManager resolved it
 * @param completedCheckpoints checkpoints completed over the whole run, failover included
 * @param lastCheckpointedBytes bytes the last completed checkpoint uploaded (incremental size)
 * @param lastFullBytes full state size of the last completed checkpoint
 * @param allCheckpointedBytes bytes uploaded by all completed checkpoints together
 * @param allFullBytes full state sizes of all completed checkpoints added up: what they would have
 *     uploaded without incremental checkpoints
 * @param lastCheckpointDuration end-to-end duration of the last completed checkpoint
 * @param recovery time from the injected failure to the restore, or null if none happened
 * @param restoredFrom external path of the checkpoint the run restored from, or null
 * @param restoredBytes full state size of the checkpoint the run restored from, 0 if none
 * @param verifiedKeys keys whose summary was exactly right
 * @param expectedKeys keys a correct run reports
 * @param problems what went wrong: mismatching keys, a failed job; empty when verified
 */
@PublicEvolving
public record RunReport(
        String label,
        String name,
        String description,
        String stateBackend,
        String checkpointStorage,
        long completedCheckpoints,
        long lastCheckpointedBytes,
        long lastFullBytes,
        long allCheckpointedBytes,
        long allFullBytes,
        Duration lastCheckpointDuration,
        Duration recovery,
        String restoredFrom,
        long restoredBytes,
        int verifiedKeys,
        int expectedKeys,
        List<String> problems) {

    /** Every key reported once with exactly the expected contents of all five states. */
    public boolean verified() {
        return problems.isEmpty() && verifiedKeys == expectedKeys;
    }
}
