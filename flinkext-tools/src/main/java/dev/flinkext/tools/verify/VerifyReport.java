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

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import javax.annotation.Nullable;

import java.util.List;

/** What {@code flinkext verify} found, in the shape of its {@code --json} output. */
@Internal
@JsonPropertyOrder({"path", "checkpointId", "files", "fileBytes", "inlineStreams", "problems"})
public record VerifyReport(
        String path,
        long checkpointId,
        int files,
        long fileBytes,
        int inlineStreams,
        List<Problem> problems) {

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
