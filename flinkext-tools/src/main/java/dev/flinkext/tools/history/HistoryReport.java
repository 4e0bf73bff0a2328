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
package dev.flinkext.tools.history;

import dev.flinkext.tools.inspect.SnapshotReport;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What {@code flinkext history} reports, in the shape of its {@code --json} output: the folder and
 * every retained checkpoint (or archive) in it, oldest first, each as {@code inspect} reports it
 * with the time its {@code _metadata} was written.
 */
@Internal
@JsonPropertyOrder({"directory", "snapshots"})
public record HistoryReport(String directory, List<Entry> snapshots) {

    /** One checkpoint: when its metadata was written and what inspect reads in it. */
    @JsonPropertyOrder({"modified", "report"})
    public record Entry(String modified, SnapshotReport report) {}
}
