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
package dev.flinkext.tools.orphans;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What {@code flinkext orphans} found (and removed), in the shape of its {@code --json} output:
 * {@code referencedFiles}, {@code orphans[]} ({@code path}, {@code sizeBytes}, {@code modified})
 * and {@code orphanBytes}, plus what was left alone and why: {@code youngUnreferencedFiles}, {@code
 * inProgressFolders}, {@code workingDatabases[]} (ForSt working databases: {@code path}, {@code
 * unreferencedFiles}, {@code unreferencedBytes}).
 */
@Internal
@JsonPropertyOrder({
    "jobDirectory",
    "readWith",
    "checkpoints",
    "referencingCheckpoints",
    "referencedFiles",
    "orphans",
    "orphanBytes",
    "olderThanSeconds",
    "youngUnreferencedFiles",
    "inProgressFolders",
    "workingDatabases",
    "deleted",
    "freedBytes",
    "failedDeletes"
})
public record OrphansReport(
        String jobDirectory,
        List<String> checkpoints,
        List<String> referencingCheckpoints,
        int referencedFiles,
        List<Orphan> orphans,
        long orphanBytes,
        long olderThanSeconds,
        int youngUnreferencedFiles,
        List<String> inProgressFolders,
        List<WorkingDatabase> workingDatabases,
        List<String> deleted,
        long freedBytes,
        List<String> failedDeletes,
        String readWith) {

    /** A file under chk-*, shared/ or taskowned/ that no completed checkpoint references. */
    @JsonPropertyOrder({"path", "sizeBytes", "modified"})
    public record Orphan(String path, long sizeBytes, String modified) {}

    /**
     * A ForSt working database's folder ({@code shared/op_<operator>_attempt_<n>}) whose files no
     * checkpoint references, left alone because the job may still run.
     */
    @JsonPropertyOrder({"path", "unreferencedFiles", "unreferencedBytes"})
    public record WorkingDatabase(String path, int unreferencedFiles, long unreferencedBytes) {}
}
