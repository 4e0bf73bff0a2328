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
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.util.Preconditions;

import java.util.Objects;

/**
 * One partition of a {@link ReplayableSource} and its next offset to read: the split a reader
 * holds, and what it checkpoints.
 */
@PublicEvolving
public final class PartitionSplit implements SourceSplit {

    private final int partition;
    private final long offset;

    public PartitionSplit(int partition, long offset) {
        Preconditions.checkArgument(partition >= 0, "partition must be >= 0, got %s", partition);
        Preconditions.checkArgument(offset >= 0, "offset must be >= 0, got %s", offset);
        this.partition = partition;
        this.offset = offset;
    }

    /** The partition, from 0. */
    public int partition() {
        return partition;
    }

    /** The next offset to read. */
    public long offset() {
        return offset;
    }

    @Override
    public String splitId() {
        return "partition-" + partition;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionSplit other
                && partition == other.partition
                && offset == other.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, offset);
    }

    @Override
    public String toString() {
        return "partition " + partition + " at offset " + offset;
    }
}
