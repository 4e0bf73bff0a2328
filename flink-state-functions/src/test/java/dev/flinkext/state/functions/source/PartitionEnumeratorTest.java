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
package dev.flinkext.state.functions.source;

import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which reader gets which partition, and what the enumerator checkpoints. */
class PartitionEnumeratorTest {

    @Test
    void subtaskIGetsThePartitionsPModNEqualsIThenNoMore() throws Exception {
        try (MockSplitEnumeratorContext<PartitionSplit> context =
                new MockSplitEnumeratorContext<>(3)) {
            PartitionEnumerator enumerator =
                    new PartitionEnumerator(context, UnassignedPartitions.all(7));

            enumerator.addReader(1);

            assertThat(assigned(context)).containsOnlyKeys(1);
            assertThat(assigned(context).get(1))
                    .containsExactly(new PartitionSplit(1, 0), new PartitionSplit(4, 0));
            assertThat(context.hasNoMoreSplits(1)).isTrue();
            assertThat(context.hasNoMoreSplits(0)).isFalse();
            assertThat(enumerator.snapshotState(1).splits())
                    .extracting(PartitionSplit::partition)
                    .containsExactly(0, 2, 3, 5, 6);
        }
    }

    @Test
    void returnedPartitionsGoBackToTheSameSubtaskAndAreCheckpointedMeanwhile() throws Exception {
        try (MockSplitEnumeratorContext<PartitionSplit> context =
                new MockSplitEnumeratorContext<>(2)) {
            PartitionEnumerator enumerator =
                    new PartitionEnumerator(context, new UnassignedPartitions(List.of()));
            // Partition 2 belongs to subtask 0 by p % n; it was last read by subtask 1.
            enumerator.addSplitsBack(List.of(new PartitionSplit(2, 17)), 1);

            assertThat(enumerator.snapshotState(1).splits())
                    .containsExactly(new PartitionSplit(2, 17));

            enumerator.addReader(0);
            enumerator.addReader(1);

            assertThat(assigned(context)).containsOnlyKeys(1);
            assertThat(assigned(context).get(1)).containsExactly(new PartitionSplit(2, 17));
            assertThat(context.hasNoMoreSplits(0)).isTrue();
            assertThat(context.hasNoMoreSplits(1)).isTrue();
            assertThat(enumerator.snapshotState(2).splits()).isEmpty();
        }
    }

    @Test
    void restoredUnassignedPartitionsFollowTheNewParallelism() throws Exception {
        try (MockSplitEnumeratorContext<PartitionSplit> context =
                new MockSplitEnumeratorContext<>(2)) {
            PartitionEnumerator enumerator =
                    new PartitionEnumerator(
                            context,
                            new UnassignedPartitions(
                                    List.of(new PartitionSplit(3, 5), new PartitionSplit(4, 9))));

            enumerator.addReader(1);
            enumerator.addReader(0);

            assertThat(assigned(context).get(1)).containsExactly(new PartitionSplit(3, 5));
            assertThat(assigned(context).get(0)).containsExactly(new PartitionSplit(4, 9));
        }
    }

    private static Map<Integer, List<PartitionSplit>> assigned(
            MockSplitEnumeratorContext<PartitionSplit> context) {
        Map<Integer, List<PartitionSplit>> all = new java.util.HashMap<>();
        for (SplitsAssignment<PartitionSplit> a : context.getSplitsAssignmentSequence()) {
            a.assignment()
                    .forEach(
                            (s, splits) ->
                                    all.computeIfAbsent(s, k -> new java.util.ArrayList<>())
                                            .addAll(splits));
        }
        return all;
    }
}
