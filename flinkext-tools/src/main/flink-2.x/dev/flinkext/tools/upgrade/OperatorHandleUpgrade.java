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
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.runtime.state.OperatorBackendSerializationProxy;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.SnappyStreamCompressionDecorator;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.FsCheckpointStreamFactory;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot.CommonSerializerKeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Flink 2.x only. One subtask's operator state (list, union and broadcast states of one {@link
 * OperatorStateHandle}), checked or converted element by element. The handle's offsets say where
 * each list element, and each broadcast state's block (its size, then keys and values), starts;
 * what lies up to the next offset is that element's bytes, so a reading that stops short or runs
 * over is seen.
 */
@Internal
final class OperatorHandleUpgrade {

    private static final int WRITE_BUFFER = 64 * 1024;

    /** One state of the handle: a list (or union) state, or a broadcast state. */
    record State(
            String name,
            boolean broadcast,
            StateMetaInfoSnapshot metaInfo,
            SerializerPart key,
            SerializerPart value) {

        boolean touched() {
            return value.touched() || (key != null && key.touched());
        }

        String recordedTree() {
            return key == null
                    ? value.recordedTree()
                    : key.recordedTree() + " -> " + value.recordedTree();
        }

        String targetTree() {
            return key == null
                    ? value.targetTree()
                    : key.targetTree() + " -> " + value.targetTree();
        }

        String incompatibility() {
            String keys = key == null ? null : key.incompatibility("key");
            return keys != null ? keys : value.incompatibility(broadcast ? "value" : "element");
        }
    }

    private final OperatorStateHandle handle;
    private final OperatorBackendSerializationProxy proxy;
    private final Map<String, State> states = new LinkedHashMap<>();
    private final boolean compressed;

    /** Where the states' bytes start: after the serialization proxy. */
    private final long statesStart;

    OperatorHandleUpgrade(
            OperatorStateHandle handle, boolean writtenByFlink1, ClassLoader classLoader)
            throws BadInputException, IOException {
        this.handle = handle;
        this.proxy = new OperatorBackendSerializationProxy(classLoader);
        try (FSDataInputStream in = handle.openInputStream()) {
            proxy.read(new DataInputViewStreamWrapper(in));
            statesStart = in.getPos();
        }
        // With snapshot compression on, each element (and broadcast block) is Snappy frames of its
        // own, flushed at its offset: read back as Flink's OperatorStateRestoreOperation does.
        this.compressed =
                (Boolean)
                        SerializerTrees.field(
                                OperatorBackendSerializationProxy.class,
                                proxy,
                                "usingStateCompression");
        for (StateMetaInfoSnapshot metaInfo : proxy.getOperatorStateMetaInfoSnapshots()) {
            states.put(
                    metaInfo.getName(),
                    new State(
                            metaInfo.getName(),
                            false,
                            metaInfo,
                            null,
                            part(
                                    metaInfo,
                                    CommonSerializerKeys.VALUE_SERIALIZER,
                                    writtenByFlink1,
                                    classLoader)));
        }
        for (StateMetaInfoSnapshot metaInfo : proxy.getBroadcastStateMetaInfoSnapshots()) {
            states.put(
                    metaInfo.getName(),
                    new State(
                            metaInfo.getName(),
                            true,
                            metaInfo,
                            part(
                                    metaInfo,
                                    CommonSerializerKeys.KEY_SERIALIZER,
                                    writtenByFlink1,
                                    classLoader),
                            part(
                                    metaInfo,
                                    CommonSerializerKeys.VALUE_SERIALIZER,
                                    writtenByFlink1,
                                    classLoader)));
        }
    }

    private static SerializerPart part(
            StateMetaInfoSnapshot metaInfo,
            CommonSerializerKeys key,
            boolean writtenByFlink1,
            ClassLoader classLoader)
            throws BadInputException {
        if (metaInfo.getTypeSerializerSnapshot(key) == null) {
            throw new BadInputException(
                    "operator state " + metaInfo.getName() + " records no " + key);
        }
        return new SerializerPart(
                metaInfo.getTypeSerializerSnapshot(key), writtenByFlink1, classLoader);
    }

    List<State> states() {
        return new ArrayList<>(states.values());
    }

    boolean touched() {
        return states.values().stream().anyMatch(State::touched);
    }

    /** Empty findings, one per state by name, for {@link #check} and {@link #convert}. */
    Map<String, StateFindings> newFindings() {
        Map<String, StateFindings> findings = new LinkedHashMap<>();
        for (String name : states.keySet()) {
            findings.put(name, new StateFindings());
        }
        return findings;
    }

    /** Checks every element of the touched states, into {@code findings} by state name. */
    void check(Map<String, StateFindings> findings) throws IOException {
        for (Element element : elements()) {
            State state = states.get(element.state);
            StateFindings finding = findings.get(element.state);
            finding.entries++;
            if (!state.touched()) {
                continue;
            }
            byte[] expected;
            try {
                expected = encode(state, decode(state, element.bytes, Reading.WRITTEN));
            } catch (Exception e) {
                finding.unreadable(e);
                continue;
            }
            try {
                byte[] actual = encode(state, decode(state, element.bytes, Reading.RESTORED));
                if (!Arrays.equals(expected, actual)) {
                    finding.wrong("an element reads differently");
                }
            } catch (KeyedStateCodec.NotToTheEnd e) {
                finding.wrong(e.getMessage());
            } catch (Exception e) {
                finding.failing(e);
            }
        }
    }

    /** Writes the converted states to a new file in {@code folder}; returns its handle. */
    OperatorStateHandle convert(
            FileSystem fileSystem, Path folder, Map<String, StateFindings> findings)
            throws IOException {
        List<StateMetaInfoSnapshot> operatorStates = new ArrayList<>();
        List<StateMetaInfoSnapshot> broadcastStates = new ArrayList<>();
        for (State state : states.values()) {
            StateMetaInfoSnapshot metaInfo =
                    state.touched() ? convertedMetaInfo(state) : state.metaInfo;
            (state.broadcast ? broadcastStates : operatorStates).add(metaInfo);
        }
        Map<String, List<Long>> offsets = new LinkedHashMap<>();
        FsCheckpointStreamFactory.FsCheckpointStateOutputStream out =
                new FsCheckpointStreamFactory.FsCheckpointStateOutputStream(
                        folder, fileSystem, WRITE_BUFFER, 0, true);
        try {
            DataOutputViewStreamWrapper view = new DataOutputViewStreamWrapper(out);
            new OperatorBackendSerializationProxy(operatorStates, broadcastStates, false)
                    .write(view);
            for (Element element : elements()) {
                State state = states.get(element.state);
                offsets.computeIfAbsent(element.state, unused -> new ArrayList<>())
                        .add(out.getPos());
                StateFindings finding = findings.get(element.state);
                finding.entries++;
                if (!state.touched()) {
                    out.write(element.bytes);
                    continue;
                }
                Object decoded = decode(state, element.bytes, Reading.WRITTEN);
                byte[] converted = encode(state, decoded);
                byte[] again = encode(state, decode(state, converted, Reading.TARGET));
                if (!Arrays.equals(again, converted)) {
                    throw new IOException(
                            "operator state "
                                    + element.state
                                    + ": Flink 2.x reads a converted element back differently;"
                                    + " not converted");
                }
                out.write(converted);
                finding.converted++;
                if (!Arrays.equals(converted, element.bytes)) {
                    finding.changed++;
                }
            }
            StreamStateHandle stream = out.closeAndGetHandle();
            Map<String, OperatorStateHandle.StateMetaInfo> partitions = new LinkedHashMap<>();
            for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> recorded :
                    handle.getStateNameToPartitionOffsets().entrySet()) {
                List<Long> written = offsets.getOrDefault(recorded.getKey(), List.of());
                partitions.put(
                        recorded.getKey(),
                        new OperatorStateHandle.StateMetaInfo(
                                written.stream().mapToLong(Long::longValue).toArray(),
                                recorded.getValue().getDistributionMode()));
            }
            return new OperatorStreamStateHandle(partitions, stream);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static StateMetaInfoSnapshot convertedMetaInfo(State state) {
        Map<String, org.apache.flink.api.common.typeutils.TypeSerializerSnapshot<?>> snapshots =
                new LinkedHashMap<>(state.metaInfo.getSerializerSnapshotsImmutable());
        snapshots.put(
                CommonSerializerKeys.VALUE_SERIALIZER.toString(), state.value.targetSnapshot());
        if (state.key != null) {
            snapshots.put(
                    CommonSerializerKeys.KEY_SERIALIZER.toString(), state.key.targetSnapshot());
        }
        return new StateMetaInfoSnapshot(
                state.metaInfo.getName(),
                state.metaInfo.getBackendStateType(),
                state.metaInfo.getOptionsImmutable(),
                snapshots);
    }

    private enum Reading {
        WRITTEN,
        RESTORED,
        TARGET
    }

    /** A list element, or a broadcast state's block, decoded: to its last byte. */
    private static Object decode(State state, byte[] bytes, Reading reading) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        Object decoded;
        if (state.broadcast) {
            int size = in.readInt();
            List<Object[]> entries = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                entries.add(
                        new Object[] {
                            read(state.key, in, reading), read(state.value, in, reading)
                        });
            }
            decoded = entries;
        } else {
            decoded = read(state.value, in, reading);
        }
        if (in.getPosition() != bytes.length) {
            throw new KeyedStateCodec.NotToTheEnd(
                    state.broadcast ? "a broadcast state" : "an operator state element",
                    in.getPosition(),
                    bytes.length);
        }
        return decoded;
    }

    private static Object read(SerializerPart part, DataInputDeserializer in, Reading reading)
            throws IOException {
        switch (reading) {
            case WRITTEN:
                return part.readWritten(in);
            case RESTORED:
                return part.readRestored(in);
            default:
                return part.readTarget(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(State state, Object decoded) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        if (state.broadcast) {
            List<Object[]> entries = (List<Object[]>) decoded;
            out.writeInt(entries.size());
            for (Object[] entry : entries) {
                state.key.writeTarget(entry[0], out);
                state.value.writeTarget(entry[1], out);
            }
        } else {
            state.value.writeTarget(decoded, out);
        }
        return out.getCopyOfBuffer();
    }

    /** A list element's or broadcast block's bytes, up to the next offset of the stream. */
    private record Element(String state, byte[] bytes) {}

    private List<Element> elements() throws IOException {
        TreeSet<Long> starts = new TreeSet<>();
        for (OperatorStateHandle.StateMetaInfo info :
                handle.getStateNameToPartitionOffsets().values()) {
            for (long offset : info.getOffsets()) {
                starts.add(offset);
            }
        }
        long end = handle.getDelegateStateHandle().getStateSize();
        List<Element> elements = new ArrayList<>();
        try (FSDataInputStream in = handle.openInputStream()) {
            InputStream frames = null;
            if (compressed) {
                // After the serialization proxy, where the compressed stream's header is.
                in.seek(statesStart);
                frames = SnappyStreamCompressionDecorator.INSTANCE.decorateWithCompression(in);
            }
            for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> state :
                    handle.getStateNameToPartitionOffsets().entrySet()) {
                if (!states.containsKey(state.getKey())) {
                    throw new IOException(
                            "operator state "
                                    + state.getKey()
                                    + " has offsets but no meta information");
                }
                long[] offsets = state.getValue().getOffsets();
                int count =
                        states.get(state.getKey()).broadcast
                                ? Math.min(1, offsets.length)
                                : offsets.length;
                for (int i = 0; i < count; i++) {
                    Long next = starts.higher(offsets[i]);
                    long stop = next == null ? end : next;
                    if (stop < offsets[i] || stop - offsets[i] > Integer.MAX_VALUE) {
                        throw new IOException(
                                "operator state " + state.getKey() + ": offsets out of order");
                    }
                    byte[] bytes =
                            frames == null
                                    ? region(in, offsets[i], stop)
                                    : decompressed(in, frames, offsets[i], stop);
                    elements.add(new Element(state.getKey(), bytes));
                }
            }
        }
        return elements;
    }

    private static byte[] region(FSDataInputStream in, long start, long stop) throws IOException {
        byte[] bytes = new byte[(int) (stop - start)];
        in.seek(start);
        new DataInputViewStreamWrapper(in).readFully(bytes);
        return bytes;
    }

    /** What the frames between {@code start} and {@code stop} decompress to. */
    private static byte[] decompressed(
            FSDataInputStream in, InputStream frames, long start, long stop) throws IOException {
        int buffered = frames.available();
        if (buffered > 0 && frames.skip(buffered) != buffered) {
            throw new IOException("unable to skip buffered data");
        }
        in.seek(start);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (frames.available() > 0 || in.getPos() < stop) {
            int b = frames.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
        }
        return bytes.toByteArray();
    }
}
