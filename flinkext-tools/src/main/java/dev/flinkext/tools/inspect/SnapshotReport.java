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
package dev.flinkext.tools.inspect;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import javax.annotation.Nullable;

import java.util.List;

/**
 * What {@code flinkext inspect} reports, in the shape of its {@code --json} output: {@code
 * checkpointId}, {@code kind}, {@code totalSizeBytes} and {@code operators[]}, each with {@code
 * uidHash}, {@code parallelism}, {@code maxParallelism}, {@code sizeBytes} and {@code states[]}
 * ({@code name}, {@code kind}, {@code sizeBytes} or null when not attributable), plus the details
 * the table shows, and {@code readWith}: the Flink that read it (the tools' line that ran).
 */
@Internal
@JsonPropertyOrder({
    "path",
    "checkpointId",
    "kind",
    "formatVersion",
    "readWith",
    "totalSizeBytes",
    "inlineBytes",
    "fileBytes",
    "metadataBytes",
    "operators"
})
public record SnapshotReport(
        String path,
        long checkpointId,
        String kind,
        int formatVersion,
        long totalSizeBytes,
        long inlineBytes,
        long fileBytes,
        long metadataBytes,
        List<Operator> operators,
        String readWith) {

    /** One operator's state. */
    @JsonPropertyOrder({
        "uidHash",
        "uid",
        "name",
        "parallelism",
        "maxParallelism",
        "sizeBytes",
        "checkpointedBytes",
        "inlineBytes",
        "fileBytes",
        "sharedBytes",
        "privateBytes",
        "coordinatorBytes",
        "channelBytes",
        "unattributedBytes",
        "keyedFormat",
        "states",
        "notes"
    })
    public record Operator(
            String uidHash,
            @Nullable String uid,
            @Nullable String name,
            int parallelism,
            int maxParallelism,
            long sizeBytes,
            long checkpointedBytes,
            long inlineBytes,
            long fileBytes,
            @Nullable Long sharedBytes,
            @Nullable Long privateBytes,
            long coordinatorBytes,
            long channelBytes,
            long unattributedBytes,
            @Nullable String keyedFormat,
            List<State> states,
            List<String> notes) {}

    /** One named state of an operator, over all its subtasks. */
    @JsonPropertyOrder({"name", "kind", "sizeBytes"})
    public record State(String name, String kind, @Nullable Long sizeBytes) {}
}
