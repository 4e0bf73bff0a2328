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

/** Serializes a {@link PartitionSplit}; version 1 is the partition (int) and the offset (long). */
@Internal
public final class PartitionSplitSerializer implements SimpleVersionedSerializer<PartitionSplit> {

    public static final PartitionSplitSerializer INSTANCE = new PartitionSplitSerializer();

    static final int VERSION = 1;

    private PartitionSplitSerializer() {}

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PartitionSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(12);
        out.writeInt(split.partition());
        out.writeLong(split.offset());
        return out.getCopyOfBuffer();
    }

    @Override
    public PartitionSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version, "partition split");
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return new PartitionSplit(in.readInt(), in.readLong());
    }

    static void checkVersion(int version, String what) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "cannot read a ReplayableSource "
                            + what
                            + " of serializer version "
                            + version
                            + ": this version reads version "
                            + VERSION);
        }
    }
}
