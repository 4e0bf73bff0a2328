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

import dev.flinkext.tools.inspect.SnapshotReport;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators and states added, removed and kept, and changes where both sizes are known. */
class SnapshotDiffTest {

    @Test
    void namesAddedRemovedAndKeptStatesAndOperators() {
        SnapshotReport a =
                report(
                        1,
                        operator(
                                "op1",
                                100,
                                state("count", "keyed-value", 60L),
                                state("old", "keyed-list", 30L)),
                        operator("gone", 50));
        SnapshotReport b =
                report(
                        2,
                        operator(
                                "op1",
                                150,
                                state("count", "keyed-value", 90L),
                                state("new", "keyed-map", null)),
                        operator("fresh", 10, state("buffer", "operator-list", 10L)));
        DiffReport diff = SnapshotDiff.of(a, b, List.of(), List.of());
        assertThat(diff.changeBytes()).isEqualTo(10);
        assertThat(diff.operators())
                .extracting(
                        DiffReport.Operator::uidHash,
                        DiffReport.Operator::status,
                        DiffReport.Operator::changeBytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("op1", "kept", 50L),
                        org.assertj.core.groups.Tuple.tuple("fresh", "added", 10L),
                        org.assertj.core.groups.Tuple.tuple("gone", "removed", -50L));
        assertThat(diff.operators().get(0).states())
                .extracting(
                        DiffReport.State::name,
                        DiffReport.State::status,
                        DiffReport.State::changeBytes)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("count", "kept", 30L),
                        org.assertj.core.groups.Tuple.tuple("new", "added", null),
                        org.assertj.core.groups.Tuple.tuple("old", "removed", -30L));
    }

    private static SnapshotReport report(long id, SnapshotReport.Operator... operators) {
        long total = 0;
        for (SnapshotReport.Operator operator : operators) {
            total += operator.sizeBytes();
        }
        return new SnapshotReport(
                "file:/chk-" + id,
                id,
                "checkpoint",
                4,
                total,
                0,
                total,
                100,
                List.of(operators),
                "Flink 1.20.5");
    }

    private static SnapshotReport.Operator operator(
            String id, long size, SnapshotReport.State... states) {
        return new SnapshotReport.Operator(
                id,
                null,
                null,
                2,
                128,
                size,
                size,
                0,
                size,
                null,
                null,
                0,
                0,
                0,
                null,
                List.of(states),
                List.of());
    }

    private static SnapshotReport.State state(String name, String kind, Long size) {
        return new SnapshotReport.State(name, kind, size);
    }
}
