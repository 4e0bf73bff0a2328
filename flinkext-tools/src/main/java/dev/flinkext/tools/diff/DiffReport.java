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
package dev.flinkext.tools.diff;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import javax.annotation.Nullable;

import java.util.List;

/**
 * What {@code flinkext diff} reports, in the shape of its {@code --json} output: per operator and
 * state the sizes in {@code a} and {@code b} and the change, states added and removed, and the
 * streams {@code b} reuses from {@code a} (an incremental checkpoint's shared files) and adds.
 */
@Internal
@JsonPropertyOrder({
    "a",
    "b",
    "readWith",
    "totalSizeBytesA",
    "totalSizeBytesB",
    "changeBytes",
    "reusedStreams",
    "reusedBytes",
    "addedStreams",
    "addedBytes",
    "operators",
    "reusedFiles"
})
public record DiffReport(
        Side a,
        Side b,
        long totalSizeBytesA,
        long totalSizeBytesB,
        long changeBytes,
        int reusedStreams,
        long reusedBytes,
        int addedStreams,
        long addedBytes,
        List<Operator> operators,
        List<ReusedFile> reusedFiles,
        String readWith) {

    /**
     * A stream of {@code b} that is one of {@code a}'s: a file (or, for file merging, a region of
     * one) or a shared stream inline in the metadata, with the operator, subtask and role in {@code
     * b}.
     */
    @JsonPropertyOrder({"path", "offset", "sizeBytes", "uidHash", "uid", "subtask", "holds"})
    public record ReusedFile(
            String path,
            long offset,
            long sizeBytes,
            String uidHash,
            @Nullable String uid,
            int subtask,
            String holds) {}

    /** One of the two snapshots. */
    @JsonPropertyOrder({"path", "checkpointId", "kind"})
    public record Side(String path, long checkpointId, String kind) {}

    /**
     * An operator in either snapshot: {@code status} is {@code added}, {@code removed} or {@code
     * kept}; of its streams in {@code b}, the bytes reused from {@code a} and the bytes added.
     */
    @JsonPropertyOrder({
        "uidHash",
        "uid",
        "status",
        "sizeBytesA",
        "sizeBytesB",
        "changeBytes",
        "reusedBytes",
        "addedBytes",
        "states"
    })
    public record Operator(
            String uidHash,
            @Nullable String uid,
            String status,
            @Nullable Long sizeBytesA,
            @Nullable Long sizeBytesB,
            long changeBytes,
            long reusedBytes,
            long addedBytes,
            List<State> states) {}

    /**
     * A state in either snapshot; sizes are null where not attributable (or absent), and so is the
     * change then.
     */
    @JsonPropertyOrder({"name", "kind", "status", "sizeBytesA", "sizeBytesB", "changeBytes"})
    public record State(
            String name,
            String kind,
            String status,
            @Nullable Long sizeBytesA,
            @Nullable Long sizeBytesB,
            @Nullable Long changeBytes) {}
}
