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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands a {@link ReplayableSource}'s partitions to its readers once each: partition {@code p} to
 * subtask {@code p % n} when that reader registers, followed by "no more splits"; partitions Flink
 * returns after a subtask failed go back to that same subtask when it registers again.
 */
@Internal
public final class PartitionEnumerator
        implements SplitEnumerator<PartitionSplit, UnassignedPartitions> {

    private final SplitEnumeratorContext<PartitionSplit> context;
    // Unassigned partitions that go to subtask p % n.
    private final TreeMap<Integer, PartitionSplit> unassigned = new TreeMap<>();
    // Partitions handed back by a failed subtask, for that subtask.
    private final Map<Integer, List<PartitionSplit>> returned = new HashMap<>();

    public PartitionEnumerator(
            SplitEnumeratorContext<PartitionSplit> context, UnassignedPartitions state) {
        this.context = context;
        for (PartitionSplit split : state.splits()) {
            unassigned.put(split.partition(), split);
        }
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Readers never request: every reader gets its partitions when it registers.
    }

    @Override
    public void addSplitsBack(List<PartitionSplit> splits, int subtaskId) {
        returned.computeIfAbsent(subtaskId, s -> new ArrayList<>()).addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        List<PartitionSplit> assignment = new ArrayList<>();
        List<PartitionSplit> back = returned.remove(subtaskId);
        if (back != null) {
            assignment.addAll(back);
        }
        int parallelism = context.currentParallelism();
        Iterator<PartitionSplit> it = unassigned.values().iterator();
        while (it.hasNext()) {
            PartitionSplit split = it.next();
            if (split.partition() % parallelism == subtaskId) {
                assignment.add(split);
                it.remove();
            }
        }
        if (!assignment.isEmpty()) {
            context.assignSplits(
                    new SplitsAssignment<>(Collections.singletonMap(subtaskId, assignment)));
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public UnassignedPartitions snapshotState(long checkpointId) {
        // Returned partitions are unassigned until their subtask registers again.
        List<PartitionSplit> all = new ArrayList<>(unassigned.values());
        returned.values().forEach(all::addAll);
        return new UnassignedPartitions(all);
    }

    @Override
    public void close() {}
}
