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

import org.apache.flink.annotation.PublicEvolving;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The enumerator's checkpoint of a {@link ReplayableSource}: the partitions not held by any reader,
 * with their next offsets (all of them, at offset 0, before the first assignment).
 */
@PublicEvolving
public final class UnassignedPartitions {

    private final List<PartitionSplit> splits;

    public UnassignedPartitions(Collection<PartitionSplit> splits) {
        List<PartitionSplit> sorted = new ArrayList<>(splits);
        sorted.sort(Comparator.comparingInt(PartitionSplit::partition));
        this.splits = List.copyOf(sorted);
    }

    /** Every partition of {@code partitions}, at offset 0. */
    public static UnassignedPartitions all(int partitions) {
        List<PartitionSplit> splits = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            splits.add(new PartitionSplit(p, 0));
        }
        return new UnassignedPartitions(splits);
    }

    /** The unassigned partitions, ordered by partition (read-only). */
    public List<PartitionSplit> splits() {
        return splits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnassignedPartitions other && splits.equals(other.splits);
    }

    @Override
    public int hashCode() {
        return splits.hashCode();
    }

    @Override
    public String toString() {
        return "unassigned " + splits;
    }
}
