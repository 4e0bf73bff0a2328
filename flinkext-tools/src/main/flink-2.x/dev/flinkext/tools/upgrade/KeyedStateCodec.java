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
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.MapSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.CompositeKeySerializationUtils;
import org.apache.flink.runtime.state.ListDelimitedSerializer;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot.CommonSerializerKeys;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flink 2.x only. One state of a canonical savepoint's keyed state, across the upgrade: its entries
 * (the unified format's key and value byte arrays: key group, key, namespace and, for map state,
 * the map key; the value, the list's delimited elements or the map value) decoded and encoded three
 * ways.
 *
 * <ul>
 *   <li>{@code written}: as the Flink that wrote the snapshot reads them (Flink 1.x's Kryo for a
 *       1.x snapshot, {@link SerializerTrees#legacy});
 *   <li>{@code restored}: as Flink 2.x reads them from the recorded serializer snapshots alone,
 *       which is what a Flink 2.x restore does when it resolves them compatible;
 *   <li>{@code target}: what a Flink 2.x job registers ({@link SerializerTrees#flink2}), which
 *       writes the converted entries and their new serializer snapshots.
 * </ul>
 *
 * Instances are per thread: serializers are not thread-safe.
 */
@Internal
final class KeyedStateCodec {

    /** How a state's value bytes are laid out. */
    private enum Layout {
        VALUE,
        LIST,
        MAP,
        TIMERS
    }

    private final StateMetaInfoSnapshot metaInfo;
    private final TypeSerializerSnapshot<?> keySnapshot;
    private final Layout layout;
    private final int keyGroupPrefixBytes;
    private final Side written;
    private final Side restored;
    private final Side target;
    private final boolean touched;
    private final boolean writtenByFlink1;

    /** What {@link ListDelimitedSerializer} writes between a list state's elements. */
    private static final byte LIST_DELIMITER = ',';

    private final ListDelimitedSerializer lists = new ListDelimitedSerializer();

    // Reused: Flink's Kryo serializer keeps its Kryo input and output only while the view is the
    // same, and makes new ones (with their buffers) for every other.
    private final DataInputDeserializer keyIn = new DataInputDeserializer();
    private final DataInputDeserializer valueIn = new DataInputDeserializer();
    private final DataOutputSerializer keyOut = new DataOutputSerializer(64);
    private final DataOutputSerializer valueOut = new DataOutputSerializer(64);

    private KeyedStateCodec(
            StateMetaInfoSnapshot metaInfo,
            TypeSerializerSnapshot<?> keySnapshot,
            Layout layout,
            int keyGroupPrefixBytes,
            Side written,
            Side restored,
            Side target,
            boolean touched,
            boolean writtenByFlink1) {
        this.metaInfo = metaInfo;
        this.keySnapshot = keySnapshot;
        this.layout = layout;
        this.keyGroupPrefixBytes = keyGroupPrefixBytes;
        this.written = written;
        this.restored = restored;
        this.target = target;
        this.touched = touched;
        this.writtenByFlink1 = writtenByFlink1;
    }

    /**
     * The codec of one state.
     *
     * @param keySnapshot the backend's key serializer snapshot
     * @param writtenByFlink1 whether Flink 1.x wrote the snapshot (its Kryo bytes are Kryo 2's)
     */
    static KeyedStateCodec of(
            StateMetaInfoSnapshot metaInfo,
            TypeSerializerSnapshot<?> keySnapshot,
            int maxParallelism,
            boolean writtenByFlink1,
            ClassLoader classLoader)
            throws BadInputException {
        Layout layout = layoutOf(metaInfo);
        TypeSerializerSnapshot<?> namespace =
                layout == Layout.TIMERS
                        ? null
                        : metaInfo.getTypeSerializerSnapshot(
                                CommonSerializerKeys.NAMESPACE_SERIALIZER);
        TypeSerializerSnapshot<?> value =
                metaInfo.getTypeSerializerSnapshot(CommonSerializerKeys.VALUE_SERIALIZER);
        if (value == null || (layout != Layout.TIMERS && namespace == null)) {
            throw new BadInputException(
                    "state " + metaInfo.getName() + " records no value or namespace serializer");
        }
        Side restored = Side.restore(keySnapshot, namespace, value);
        Side written =
                writtenByFlink1
                        ? new Side(
                                SerializerTrees.legacy(
                                        keySnapshot.restoreSerializer(), classLoader),
                                namespace == null
                                        ? null
                                        : SerializerTrees.legacy(
                                                namespace.restoreSerializer(), classLoader),
                                SerializerTrees.legacy(value.restoreSerializer(), classLoader))
                        : Side.restore(keySnapshot, namespace, value);
        Side target =
                new Side(
                        SerializerTrees.flink2(keySnapshot.restoreSerializer()),
                        namespace == null
                                ? null
                                : SerializerTrees.flink2(namespace.restoreSerializer()),
                        SerializerTrees.flink2(value.restoreSerializer()));
        boolean touched = restored.usesKryo() || !target.describe().equals(restored.describe());
        return new KeyedStateCodec(
                metaInfo,
                keySnapshot,
                layout,
                CompositeKeySerializationUtils.computeRequiredBytesInKeyGroupPrefix(maxParallelism),
                written,
                restored,
                target,
                touched,
                writtenByFlink1);
    }

    private static Layout layoutOf(StateMetaInfoSnapshot metaInfo) throws BadInputException {
        if (metaInfo.getBackendStateType()
                == StateMetaInfoSnapshot.BackendStateType.PRIORITY_QUEUE) {
            return Layout.TIMERS;
        }
        if (metaInfo.getBackendStateType() != StateMetaInfoSnapshot.BackendStateType.KEY_VALUE) {
            throw new BadInputException(
                    "state "
                            + metaInfo.getName()
                            + " is "
                            + metaInfo.getBackendStateType()
                            + ": only keyed state (KEY_VALUE, PRIORITY_QUEUE) is read here");
        }
        String type = metaInfo.getOption(StateMetaInfoSnapshot.CommonOptionsKeys.KEYED_STATE_TYPE);
        if ("LIST".equals(type)) {
            return Layout.LIST;
        }
        if ("MAP".equals(type)) {
            return Layout.MAP;
        }
        return Layout.VALUE;
    }

    String name() {
        return metaInfo.getName();
    }

    StateMetaInfoSnapshot metaInfo() {
        return metaInfo;
    }

    /** Whether its entries change across the upgrade (Kryo bytes, or POJO fields typed anew). */
    boolean touched() {
        return touched;
    }

    /** The serializer trees, as recorded and as Flink 2.x registers them. */
    String recordedTree() {
        return restored.describe();
    }

    String targetTree() {
        return target.describe();
    }

    /**
     * What Flink 2.x's own compatibility resolution says of the recorded serializers when a Flink
     * 2.x job registers the target ones, or null when every part is compatible.
     */
    String incompatibility() {
        String key = SerializerTrees.incompatibility("key", target.key, keySnapshot);
        if (key != null) {
            return key;
        }
        String namespace =
                restored.namespace == null
                        ? null
                        : SerializerTrees.incompatibility(
                                "namespace",
                                target.namespace,
                                metaInfo.getTypeSerializerSnapshot(
                                        CommonSerializerKeys.NAMESPACE_SERIALIZER));
        String value =
                SerializerTrees.incompatibility(
                        "value",
                        target.value,
                        metaInfo.getTypeSerializerSnapshot(CommonSerializerKeys.VALUE_SERIALIZER));
        return namespace != null ? namespace : value;
    }

    /** The state's meta information as the converted snapshot records it. */
    StateMetaInfoSnapshot convertedMetaInfo() {
        if (!touched) {
            return metaInfo;
        }
        Map<String, TypeSerializerSnapshot<?>> snapshots = new LinkedHashMap<>();
        for (Map.Entry<String, TypeSerializerSnapshot<?>> recorded :
                metaInfo.getSerializerSnapshotsImmutable().entrySet()) {
            snapshots.put(recorded.getKey(), recorded.getValue());
        }
        if (target.namespace != null) {
            snapshots.put(
                    CommonSerializerKeys.NAMESPACE_SERIALIZER.toString(),
                    target.namespace.snapshotConfiguration());
        }
        snapshots.put(
                CommonSerializerKeys.VALUE_SERIALIZER.toString(),
                target.value.snapshotConfiguration());
        return new StateMetaInfoSnapshot(
                metaInfo.getName(),
                metaInfo.getBackendStateType(),
                metaInfo.getOptionsImmutable(),
                snapshots);
    }

    /** The key serializer a converted snapshot records. */
    TypeSerializer<?> targetKeySerializer() {
        return target.key;
    }

    // ------------------------------------------------------------------------------------------

    /** One entry decoded: the parts of its key, and its value, list or map value. */
    record Entry(
            int keyGroup,
            Object key,
            Object namespace,
            Object mapKey,
            Object value,
            boolean empty) {}

    /** An entry whose bytes were not read to their end: the reading does not fit the bytes. */
    static final class NotToTheEnd extends IOException {
        private static final long serialVersionUID = 1L;

        NotToTheEnd(String what, int read, int length) {
            super(
                    length < 0
                            ? what + ": " + read + " bytes read"
                            : what + ": " + read + " of " + length + " bytes read");
        }
    }

    /**
     * Whether the snapshot's writer read its bytes as Flink 2.x does (a snapshot Flink 2.x wrote):
     * then one reading, to the end of every entry, checks it.
     */
    boolean writtenAsFlink2Reads() {
        return !writtenByFlink1;
    }

    Entry decodeWritten(byte[] key, byte[] value) throws IOException {
        return decode(written, key, value);
    }

    Entry decodeRestored(byte[] key, byte[] value) throws IOException {
        return decode(restored, key, value);
    }

    Entry decodeTarget(byte[] key, byte[] value) throws IOException {
        return decode(target, key, value);
    }

    /** {@code entry} as Flink 2.x writes it: {key, value}. */
    byte[][] encode(Entry entry) throws IOException {
        return encode(target, entry);
    }

    /**
     * Converts one entry and checks the result: Flink 2.x's serializers read the new bytes to their
     * end and write them again byte for byte.
     */
    byte[][] convert(byte[] key, byte[] value) throws IOException {
        if (!touched) {
            return new byte[][] {key, value};
        }
        byte[][] converted = encode(target, decode(written, key, value));
        byte[][] again = encode(target, decode(target, converted[0], converted[1]));
        if (!Arrays.equals(again[0], converted[0]) || !Arrays.equals(again[1], converted[1])) {
            throw new IOException(
                    "state "
                            + name()
                            + ": Flink 2.x reads a converted entry back differently; not"
                            + " converted");
        }
        return converted;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Entry decode(Side side, byte[] keyBytes, byte[] valueBytes) throws IOException {
        DataInputDeserializer in = keyIn;
        in.setBuffer(keyBytes);
        int keyGroup = CompositeKeySerializationUtils.readKeyGroup(keyGroupPrefixBytes, in);
        if (layout == Layout.TIMERS) {
            Object timer = side.value.deserialize(in);
            end(in, keyBytes.length, "a timer");
            return new Entry(keyGroup, null, null, null, timer, valueBytes.length == 0);
        }
        boolean ambiguous =
                CompositeKeySerializationUtils.isAmbiguousKeyPossible(side.key, side.namespace);
        Object key = CompositeKeySerializationUtils.readKey(side.key, in, ambiguous);
        Object namespace =
                CompositeKeySerializationUtils.readNamespace(side.namespace, in, ambiguous);
        Object mapKey = null;
        if (layout == Layout.MAP) {
            mapKey = ((MapSerializer) side.value).getKeySerializer().deserialize(in);
        }
        end(in, keyBytes.length, "a key");
        DataInputDeserializer values = valueIn;
        values.setBuffer(valueBytes);
        Object value;
        switch (layout) {
            case LIST:
                value = decodeList(values, ((ListSerializer) side.value).getElementSerializer());
                break;
            case MAP:
                value =
                        values.readBoolean()
                                ? null
                                : ((MapSerializer) side.value)
                                        .getValueSerializer()
                                        .deserialize(values);
                end(values, valueBytes.length, "a map value");
                break;
            default:
                value = side.value.deserialize(values);
                end(values, valueBytes.length, "a value");
        }
        return new Entry(keyGroup, key, namespace, mapKey, value, false);
    }

    /**
     * The elements of a list state's value as {@link ListDelimitedSerializer} writes them, each
     * followed by the delimiter but the last: an element read short or long is caught at the
     * delimiter that is not one ({@code ListDelimitedSerializer} itself skips any byte there).
     */
    private static List<Object> decodeList(
            DataInputDeserializer in, TypeSerializer<Object> elementSerializer) throws IOException {
        List<Object> elements = new ArrayList<>();
        while (in.available() > 0) {
            int start = in.getPosition();
            elements.add(elementSerializer.deserialize(in));
            if (in.available() > 0 && in.readByte() != LIST_DELIMITER) {
                throw new NotToTheEnd(
                        "list element " + elements.size() + " (no delimiter after it)",
                        in.getPosition() - 1 - start,
                        -1);
            }
        }
        return elements;
    }

    private static void end(DataInputDeserializer in, int length, String what) throws NotToTheEnd {
        if (in.getPosition() != length) {
            throw new NotToTheEnd(what, in.getPosition(), length);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[][] encode(Side side, Entry entry) throws IOException {
        DataOutputSerializer key = keyOut;
        key.clear();
        CompositeKeySerializationUtils.writeKeyGroup(entry.keyGroup(), keyGroupPrefixBytes, key);
        if (layout == Layout.TIMERS) {
            ((TypeSerializer) side.value).serialize(entry.value(), key);
            return new byte[][] {key.getCopyOfBuffer(), new byte[0]};
        }
        boolean ambiguous =
                CompositeKeySerializationUtils.isAmbiguousKeyPossible(side.key, side.namespace);
        CompositeKeySerializationUtils.writeKey(
                entry.key(), (TypeSerializer) side.key, key, ambiguous);
        CompositeKeySerializationUtils.writeNameSpace(
                entry.namespace(), (TypeSerializer) side.namespace, key, ambiguous);
        DataOutputSerializer value = valueOut;
        value.clear();
        switch (layout) {
            case LIST:
                return new byte[][] {
                    key.getCopyOfBuffer(),
                    lists.serializeList(
                            (List) entry.value(),
                            ((ListSerializer) side.value).getElementSerializer())
                };
            case MAP:
                ((MapSerializer) side.value).getKeySerializer().serialize(entry.mapKey(), key);
                value.writeBoolean(entry.value() == null);
                if (entry.value() != null) {
                    ((MapSerializer) side.value)
                            .getValueSerializer()
                            .serialize(entry.value(), value);
                }
                break;
            default:
                ((TypeSerializer) side.value).serialize(entry.value(), value);
        }
        return new byte[][] {key.getCopyOfBuffer(), value.getCopyOfBuffer()};
    }

    /** One set of serializers for a state's parts. */
    private record Side(
            TypeSerializer<?> key, TypeSerializer<?> namespace, TypeSerializer<?> value) {

        static Side restore(
                TypeSerializerSnapshot<?> key,
                TypeSerializerSnapshot<?> namespace,
                TypeSerializerSnapshot<?> value) {
            return new Side(
                    key.restoreSerializer(),
                    namespace == null ? null : namespace.restoreSerializer(),
                    value.restoreSerializer());
        }

        boolean usesKryo() {
            return SerializerTrees.usesKryo(key)
                    || (namespace != null && SerializerTrees.usesKryo(namespace))
                    || SerializerTrees.usesKryo(value);
        }

        String describe() {
            return SerializerTrees.describe(key)
                    + " / "
                    + (namespace == null ? "-" : SerializerTrees.describe(namespace))
                    + " / "
                    + SerializerTrees.describe(value);
        }
    }
}
