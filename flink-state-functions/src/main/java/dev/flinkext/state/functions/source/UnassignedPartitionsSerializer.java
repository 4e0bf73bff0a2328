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
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes {@link UnassignedPartitions}; version 1 is the count (int), then each partition (int)
 * and its offset (long).
 */
@Internal
public final class UnassignedPartitionsSerializer
        implements SimpleVersionedSerializer<UnassignedPartitions> {

    public static final UnassignedPartitionsSerializer INSTANCE =
            new UnassignedPartitionsSerializer();

    private UnassignedPartitionsSerializer() {}

    @Override
    public int getVersion() {
        return PartitionSplitSerializer.VERSION;
    }

    @Override
    public byte[] serialize(UnassignedPartitions state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4 + 12 * state.splits().size());
        out.writeInt(state.splits().size());
        for (PartitionSplit split : state.splits()) {
            out.writeInt(split.partition());
            out.writeLong(split.offset());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public UnassignedPartitions deserialize(int version, byte[] serialized) throws IOException {
        PartitionSplitSerializer.checkVersion(version, "enumerator checkpoint");
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        List<PartitionSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            splits.add(new PartitionSplit(in.readInt(), in.readLong()));
        }
        return new UnassignedPartitions(splits);
    }
}
