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
package dev.flinkext.tools.verify;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import javax.annotation.Nullable;

import java.util.List;

/** What {@code flinkext verify} found, in the shape of its {@code --json} output. */
@Internal
@JsonPropertyOrder({
    "path",
    "checkpointId",
    "readWith",
    "files",
    "fileBytes",
    "inlineStreams",
    "problems",
    "restores",
    "restoreFailures",
    "notRestored"
})
public record VerifyReport(
        String path,
        long checkpointId,
        int files,
        long fileBytes,
        int inlineStreams,
        List<Problem> problems,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<Restore> restores,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> notRestored,
        String readWith) {

    /** A report of the file check alone. */
    public VerifyReport(
            String path,
            long checkpointId,
            int files,
            long fileBytes,
            int inlineStreams,
            List<Problem> problems,
            String readWith) {
        this(path, checkpointId, files, fileBytes, inlineStreams, problems, null, null, readWith);
    }

    /** The file check's report with the offline restores of {@code --deep}. */
    public VerifyReport withRestores(List<Restore> restores, List<String> notRestored) {
        return new VerifyReport(
                path,
                checkpointId,
                files,
                fileBytes,
                inlineStreams,
                problems,
                restores,
                notRestored,
                readWith);
    }

    /** Restores that failed ({@code --deep}), null without {@code --deep}. */
    @JsonProperty("restoreFailures")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Nullable
    public Integer restoreFailures() {
        if (restores == null) {
            return null;
        }
        int failed = 0;
        for (Restore restore : restores) {
            if (!restore.restored()) {
                failed++;
            }
        }
        return failed;
    }

    /** Whether the file check and, with {@code --deep}, every restore found nothing wrong. */
    @JsonIgnore
    public boolean fine() {
        return problems.isEmpty() && (restores == null || restoreFailures() == 0);
    }

    /**
     * One subtask's keyed or operator state restored offline with Flink's restore code ({@code
     * --deep}): which backend restored it, each state, and the error when it failed; for RocksDB
     * and ForSt {@code rocksdbEntries}, every entry of every column family read back (one per map
     * entry, one per list, one per timer), null for the heap backend and operator state.
     */
    @JsonPropertyOrder({
        "operator",
        "uid",
        "subtask",
        "part",
        "backend",
        "restored",
        "error",
        "rocksdbEntries",
        "states"
    })
    public record Restore(
            String operator,
            @Nullable String uid,
            int subtask,
            String part,
            String backend,
            boolean restored,
            @Nullable String error,
            List<RestoredState> states,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Long rocksdbEntries) {}

    /**
     * One state of a restore: its serializers restored, and for keyed state its keys read back from
     * the restored backend: one per key and namespace on either backend (a map state with five
     * entries under a key counts one), null where not counted; the error when that failed.
     */
    @JsonPropertyOrder({"name", "kind", "keys", "error"})
    public record RestoredState(
            String name, String kind, @Nullable Long keys, @Nullable String error) {}

    /** A referenced file that is missing, unreadable or not the size its handle recorded. */
    @JsonPropertyOrder({
        "path",
        "problem",
        "expectedBytes",
        "actualBytes",
        "detail",
        "operator",
        "uid",
        "subtask",
        "holds",
        "states"
    })
    public record Problem(
            String path,
            String problem,
            long expectedBytes,
            @Nullable Long actualBytes,
            @Nullable String detail,
            String operator,
            @Nullable String uid,
            int subtask,
            String holds,
            List<String> states) {}
}
