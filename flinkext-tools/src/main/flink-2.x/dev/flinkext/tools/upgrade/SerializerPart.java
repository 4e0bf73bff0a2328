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

import dev.flinkext.tools.common.BadInputException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.Arrays;

/**
 * Flink 2.x only. One recorded serializer (an operator state's element, a broadcast state's key or
 * value) read three ways, as {@link KeyedStateCodec} reads keyed state's parts: as its writer wrote
 * it, as Flink 2.x reads it from the recorded snapshot, and as a Flink 2.x job writes it.
 */
@Internal
final class SerializerPart {

    private final TypeSerializerSnapshot<?> recorded;
    private final TypeSerializer<Object> written;
    private final TypeSerializer<Object> restored;
    private final TypeSerializer<Object> target;
    private final boolean touched;

    @SuppressWarnings("unchecked")
    SerializerPart(
            TypeSerializerSnapshot<?> recorded, boolean writtenByFlink1, ClassLoader classLoader)
            throws BadInputException {
        this.recorded = recorded;
        this.restored = (TypeSerializer<Object>) recorded.restoreSerializer();
        this.written =
                (TypeSerializer<Object>)
                        (writtenByFlink1
                                ? SerializerTrees.legacy(recorded.restoreSerializer(), classLoader)
                                : recorded.restoreSerializer());
        this.target = (TypeSerializer<Object>) SerializerTrees.flink2(recorded.restoreSerializer());
        this.touched =
                SerializerTrees.usesKryo(restored)
                        || !SerializerTrees.describe(target)
                                .equals(SerializerTrees.describe(restored));
    }

    boolean touched() {
        return touched;
    }

    String recordedTree() {
        return SerializerTrees.describe(restored);
    }

    String targetTree() {
        return SerializerTrees.describe(target);
    }

    TypeSerializerSnapshot<?> targetSnapshot() {
        return target.snapshotConfiguration();
    }

    /** Flink 2.x's verdict on the recorded serializer for the one it registers; null if fine. */
    String incompatibility(String part) {
        return SerializerTrees.incompatibility(part, target, recorded);
    }

    Object readWritten(DataInputDeserializer in) throws IOException {
        return written.deserialize(in);
    }

    Object readRestored(DataInputDeserializer in) throws IOException {
        return restored.deserialize(in);
    }

    Object readTarget(DataInputDeserializer in) throws IOException {
        return target.deserialize(in);
    }

    void writeTarget(Object value, DataOutputSerializer out) throws IOException {
        target.serialize(value, out);
    }

    /** {@code value}'s bytes as Flink 2.x writes them. */
    byte[] targetBytes(Object value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        target.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    /** Whether two values are the same once Flink 2.x writes them. */
    boolean sameAsWritten(Object a, Object b) throws IOException {
        return Arrays.equals(targetBytes(a), targetBytes(b));
    }
}
