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
package dev.flinkext.tools.upgrade;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import javax.annotation.Nullable;

import java.util.List;

/**
 * Flink 2.x only. What {@code flinkext upgrade check} and {@code convert} report, in the shape of
 * their {@code --json} output: per operator and state the recorded serializers, the ones a Flink
 * 2.x job registers, and the verdict for Flink 2.x, with the entries behind it.
 */
@Internal
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "path",
    "checkpointId",
    "writtenBy",
    "readWith",
    "restoresOnFlink2",
    "output",
    "operators"
})
public record UpgradeReport(
        String path,
        long checkpointId,
        String writtenBy,
        String readWith,
        boolean restoresOnFlink2,
        @Nullable Output output,
        List<Operator> operators) {

    /** The verdicts. */
    public static final String RESTORES = "restores";

    public static final String FAILS = "fails";
    public static final String WRONG = "silently wrong";
    public static final String UNREADABLE = "unreadable";
    public static final String CONVERTED = "converted";
    public static final String COPIED = "copied";

    /** An operator with state, and what else in it stops a Flink 2.x restore. */
    @JsonPropertyOrder({"uidHash", "uid", "states", "problems"})
    public record Operator(
            String uidHash, @Nullable String uid, List<State> states, List<String> problems) {}

    /**
     * A state. {@code kind}: keyed state's kind, {@code timers}, {@code operator list}, {@code
     * union list} or {@code broadcast}. {@code entries}: keyed entries, list elements or broadcast
     * blocks, over all subtasks.
     */
    @JsonPropertyOrder({
        "state",
        "kind",
        "verdict",
        "reason",
        "serializers",
        "flink2Serializers",
        "entries",
        "wrongEntries",
        "failingEntries",
        "convertedEntries"
    })
    public record State(
            String state,
            String kind,
            String verdict,
            @Nullable String reason,
            String serializers,
            String flink2Serializers,
            long entries,
            long wrongEntries,
            long failingEntries,
            long convertedEntries) {}

    /** What {@code convert} wrote. */
    @JsonPropertyOrder({"path", "files", "bytes", "seconds", "checked"})
    public record Output(String path, int files, long bytes, double seconds, String checked) {}
}
