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
package dev.flinkext.state.functions.buffering;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Stores a {@link Batch} in a checkpoint: its id, then its records with Flink's serializer. */
@Internal
final class BatchSerializer<T> implements SimpleVersionedSerializer<Batch<T>> {

    private static final int VERSION = 1;

    private final TypeSerializer<T> records;

    BatchSerializer(TypeSerializer<T> records) {
        this.records = records;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(Batch<T> batch) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeUTF(batch.id());
        out.writeInt(batch.records().size());
        for (T record : batch.records()) {
            records.serialize(record, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public Batch<T> deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "Cannot read a batch of serializer version "
                            + version
                            + "; this version of flinkext reads version "
                            + VERSION);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String id = in.readUTF();
        int size = in.readInt();
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(records.deserialize(in));
        }
        return new Batch<>(id, list);
    }
}
