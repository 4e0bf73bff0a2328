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
package dev.flinkext.tools.snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupPartitioner;
import org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StateSerializerProvider;
import org.apache.flink.runtime.state.StateSnapshotKeyGroupReader;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.changelog.ChangelogStateBackendHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.state.restore.FullSnapshotRestoreOperation;
import org.apache.flink.runtime.state.restore.KeyGroup;
import org.apache.flink.runtime.state.restore.KeyGroupEntry;
import org.apache.flink.runtime.state.restore.SavepointRestoreResult;
import org.apache.flink.runtime.state.restore.ThrowingIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads what a keyed state handle holds with Flink's own readers: the serialization proxy ({@link
 * KeyedBackendSerializationProxy}) every keyed stream starts with for the state names and kinds,
 * and, for key-group streams, the key groups themselves for per-state sizes.
 *
 * <p>A {@link KeyGroupsStateHandle} does not say which backend wrote it: the heap backend's
 * checkpoints write each key group as its id and then every state's entries (read with the state's
 * restored serializers through {@link KeyGroupPartitioner#createKeyGroupPartitionReader}), while
 * RocksDB full checkpoints and all canonical savepoints use the unified format ({@link
 * FullSnapshotRestoreOperation}, no serializers needed). Both are tried; sizes count only when a
 * reader consumes every key group exactly up to the next key group's offset and the last one up to
 * the end of the stream. Otherwise the sizes are not attributable: nothing is estimated.
 *
 * <p>RocksDB checkpoints and native savepoints ({@link IncrementalRemoteKeyedStateHandle}) are SST
 * files; each holds one column family, i.e. one state, which {@link SstColumnFamilies} reads from
 * the file's properties. So these states are named, and sized, even when the meta information
 * cannot be read for want of a class. Flink 2.x's ForSt backend writes the same handles and SST
 * files; with the asynchronous state API its states' meta information is State V2's.
 */
@Internal
public final class KeyedStateReader {

    private static final String INCREMENTAL = "incremental";

    private final ClassLoader classLoader;
    private final boolean readSizes;

    /**
     * @param readSizes whether to read whole key-group streams for per-state sizes (else only their
     *     headers, for names and kinds)
     */
    public KeyedStateReader(ClassLoader classLoader, boolean readSizes) {
        this.classLoader = classLoader;
        this.readSizes = readSizes;
    }

    /** What {@code handle} (one subtask's managed keyed state) holds. */
    public KeyedStateLayout read(KeyedStateHandle handle) {
        if (handle instanceof KeyGroupsStateHandle) {
            return readKeyGroups((KeyGroupsStateHandle) handle);
        }
        if (handle instanceof IncrementalRemoteKeyedStateHandle) {
            return readIncremental((IncrementalRemoteKeyedStateHandle) handle);
        }
        if (handle instanceof ChangelogStateBackendHandle) {
            Map<String, KeyedStateLayout.State> states = new LinkedHashMap<>();
            String note = "changelog state: changes of any state are interleaved in the log";
            for (KeyedStateHandle materialized :
                    ((ChangelogStateBackendHandle) handle).getMaterializedStateHandles()) {
                for (KeyedStateLayout.State state : read(materialized).states()) {
                    states.putIfAbsent(state.name(), state);
                }
            }
            return new KeyedStateLayout("changelog", new ArrayList<>(states.values()), null, note);
        }
        return new KeyedStateLayout(
                "unknown",
                Collections.emptyList(),
                null,
                "keyed state handle " + handle.getClass().getSimpleName() + " is not read");
    }

    private KeyedStateLayout readIncremental(IncrementalRemoteKeyedStateHandle handle) {
        List<StateMetaInfoSnapshot> metaInfos;
        try {
            metaInfos = readProxy(handle.getMetaDataStateHandle()).getStateMetaInfoSnapshots();
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return readSizes ? namedByColumnFamilies(handle, e) : unreadable(INCREMENTAL, e);
        }
        String format = incrementalFormat(metaInfos);
        List<KeyedStateLayout.State> states = named(metaInfos);
        if (!readSizes) {
            return new KeyedStateLayout(format, states, null, null);
        }
        Map<String, Long> columnFamilies;
        try {
            columnFamilies = SstColumnFamilies.bytesPerColumnFamily(handle);
        } catch (Exception | UnsatisfiedLinkError e) {
            return new KeyedStateLayout(
                    format,
                    states,
                    null,
                    "the SST files' column families could not be read ("
                            + Locations.oneLine(e)
                            + "): per-state sizes are not attributable");
        }
        // The other files of a RocksDB checkpoint (MANIFEST, OPTIONS, CURRENT, the meta data)
        // belong to no state.
        long[] sizes = new long[states.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = columnFamilies.getOrDefault(states.get(i).name(), 0L);
        }
        return new KeyedStateLayout(format, states, sizes, null);
    }

    /**
     * {@code forst} when any state is State V2 (only ForSt's asynchronous backend writes those; its
     * SST files are RocksDB's format), else {@code incremental}.
     */
    private static String incrementalFormat(List<StateMetaInfoSnapshot> states) {
        for (StateMetaInfoSnapshot state : states) {
            if (StateKinds.isStateV2(state)) {
                return "forst";
            }
        }
        return INCREMENTAL;
    }

    /**
     * The meta information names a serializer snapshot class that is not on the classpath (a job's
     * own type without --classpath), so nothing after it can be read. RocksDB still names every
     * state in its own files: each SST file's column family is a state's name.
     */
    private static KeyedStateLayout namedByColumnFamilies(
            IncrementalRemoteKeyedStateHandle handle, Throwable metaInfoFailure) {
        Map<String, Long> columnFamilies;
        try {
            columnFamilies = new TreeMap<>(SstColumnFamilies.bytesPerColumnFamily(handle));
        } catch (Exception | UnsatisfiedLinkError e) {
            return unreadable(INCREMENTAL, metaInfoFailure);
        }
        List<KeyedStateLayout.State> states = new ArrayList<>();
        long[] sizes = new long[columnFamilies.size()];
        for (Map.Entry<String, Long> columnFamily : columnFamilies.entrySet()) {
            sizes[states.size()] = columnFamily.getValue();
            states.add(
                    new KeyedStateLayout.State(
                            columnFamily.getKey(),
                            StateKinds.ofColumnFamily(columnFamily.getKey())));
        }
        return new KeyedStateLayout(
                INCREMENTAL,
                states,
                sizes,
                "the state meta information could not be read: "
                        + Locations.oneLine(metaInfoFailure)
                        + " (user types need --classpath); states are named after their SST"
                        + " files' column families, of unknown kind, and a state without an SST"
                        + " file is not listed");
    }

    private static List<KeyedStateLayout.State> named(List<StateMetaInfoSnapshot> metaInfos) {
        List<KeyedStateLayout.State> states = new ArrayList<>();
        for (StateMetaInfoSnapshot metaInfo : metaInfos) {
            states.add(new KeyedStateLayout.State(metaInfo.getName(), StateKinds.keyed(metaInfo)));
        }
        return states;
    }

    private KeyedStateLayout readKeyGroups(KeyGroupsStateHandle handle) {
        KeyedBackendSerializationProxy<?> proxy;
        try {
            proxy = readProxy(handle.getDelegateStateHandle());
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return unreadable("unknown", e);
        }
        List<KeyedStateLayout.State> states = named(proxy.getStateMetaInfoSnapshots());
        boolean savepoint = handle instanceof KeyGroupsSavepointStateHandle;
        if (!readSizes) {
            return new KeyedStateLayout(savepoint ? "full" : "key-groups", states, null, null);
        }
        if (proxy.isUsingKeyGroupCompression()) {
            return new KeyedStateLayout(
                    savepoint ? "full" : "key-groups",
                    states,
                    null,
                    "key groups are compressed (execution.checkpointing.snapshot-compression):"
                            + " per-state sizes are not attributable");
        }
        String heapFailure = null;
        if (!savepoint && allKeyGroupsWritten(handle)) {
            try {
                Optional<long[]> sizes = heapSizes(handle, proxy);
                if (sizes.isPresent()) {
                    return new KeyedStateLayout("heap", states, sizes.get(), null);
                }
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                heapFailure = Locations.oneLine(e);
            }
        }
        try {
            Optional<long[]> sizes = unifiedSizes(handle, proxy);
            if (sizes.isPresent()) {
                return new KeyedStateLayout("full", states, sizes.get(), null);
            }
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            if (heapFailure == null) {
                heapFailure = Locations.oneLine(e);
            }
        }
        return new KeyedStateLayout(
                "key-groups",
                states,
                null,
                "the key groups could not be read with Flink's readers"
                        + (heapFailure == null ? "" : " (" + heapFailure + ")")
                        + ": per-state sizes are not attributable");
    }

    private static KeyedStateLayout unreadable(String format, Throwable e) {
        return new KeyedStateLayout(
                format,
                Collections.emptyList(),
                null,
                "the state meta information could not be read: "
                        + Locations.oneLine(e)
                        + " (user types need --classpath)");
    }

    /**
     * The serialization proxy a keyed stream starts with (key serializer, every state's meta
     * information): of a key-group stream, or of a RocksDB checkpoint's meta data file.
     *
     * @throws IOException when it cannot be read, e.g. a serializer class is not on the classpath
     */
    public KeyedBackendSerializationProxy<?> serializationProxy(KeyedStateHandle handle)
            throws IOException {
        if (handle instanceof KeyGroupsStateHandle) {
            return readProxy(((KeyGroupsStateHandle) handle).getDelegateStateHandle());
        }
        if (handle instanceof IncrementalRemoteKeyedStateHandle) {
            return readProxy(((IncrementalRemoteKeyedStateHandle) handle).getMetaDataStateHandle());
        }
        throw new IOException(
                "keyed state handle " + handle.getClass().getSimpleName() + " has no meta data");
    }

    private KeyedBackendSerializationProxy<?> readProxy(StreamStateHandle stream)
            throws IOException {
        try (FSDataInputStream in = stream.openInputStream()) {
            KeyedBackendSerializationProxy<?> proxy =
                    new KeyedBackendSerializationProxy<>(classLoader);
            proxy.read(new DataInputViewStreamWrapper(in));
            return proxy;
        }
    }

    /** The heap backend writes every key group of its range, so no offset is 0 there. */
    private static boolean allKeyGroupsWritten(KeyGroupsStateHandle handle) {
        for (Tuple2<Integer, Long> group : handle.getGroupRangeOffsets()) {
            if (group.f1 == 0L) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Optional<long[]> heapSizes(
            KeyGroupsStateHandle handle, KeyedBackendSerializationProxy<?> proxy)
            throws IOException {
        List<StateMetaInfoSnapshot> states = proxy.getStateMetaInfoSnapshots();
        TypeSerializer keySerializer = proxy.getKeySerializerSnapshot().restoreSerializer();
        StateSnapshotKeyGroupReader[] readers = new StateSnapshotKeyGroupReader[states.size()];
        for (int i = 0; i < readers.length; i++) {
            StateMetaInfoSnapshot state = states.get(i);
            TypeSerializer value =
                    restore(state, StateMetaInfoSnapshot.CommonSerializerKeys.VALUE_SERIALIZER);
            if (state.getBackendStateType()
                    == StateMetaInfoSnapshot.BackendStateType.PRIORITY_QUEUE) {
                readers[i] =
                        KeyGroupPartitioner.createKeyGroupPartitionReader(
                                value::deserialize, (element, keyGroup) -> {});
            } else {
                TypeSerializer namespace =
                        restore(
                                state,
                                StateMetaInfoSnapshot.CommonSerializerKeys.NAMESPACE_SERIALIZER);
                // The order HeapSnapshotStrategy's state map snapshots write: namespace, key,
                // state.
                readers[i] =
                        KeyGroupPartitioner.createKeyGroupPartitionReader(
                                in -> {
                                    namespace.deserialize(in);
                                    keySerializer.deserialize(in);
                                    value.deserialize(in);
                                    return Boolean.TRUE;
                                },
                                (element, keyGroup) -> {});
            }
        }
        long[] sizes = new long[states.size()];
        List<Tuple2<Integer, Long>> groups = new ArrayList<>();
        handle.getGroupRangeOffsets().forEach(groups::add);
        long streamEnd = handle.getDelegateStateHandle().getStateSize();
        try (FSDataInputStream in = handle.openInputStream()) {
            DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
            for (int g = 0; g < groups.size(); g++) {
                int keyGroup = groups.get(g).f0;
                in.seek(groups.get(g).f1);
                if (view.readInt() != keyGroup) {
                    return Optional.empty();
                }
                for (int s = 0; s < states.size(); s++) {
                    long start = in.getPos();
                    int id = view.readShort();
                    if (id < 0 || id >= states.size()) {
                        return Optional.empty();
                    }
                    readers[id].readMappingsInKeyGroup(view, keyGroup);
                    sizes[id] += in.getPos() - start;
                }
                long end = g + 1 < groups.size() ? groups.get(g + 1).f1 : streamEnd;
                if (in.getPos() != end) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(sizes);
    }

    private static TypeSerializer<?> restore(
            StateMetaInfoSnapshot state, StateMetaInfoSnapshot.CommonSerializerKeys key)
            throws IOException {
        TypeSerializerSnapshot<?> snapshot = state.getTypeSerializerSnapshot(key);
        if (snapshot == null) {
            throw new IOException("state " + state.getName() + " has no " + key);
        }
        return snapshot.restoreSerializer();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Optional<long[]> unifiedSizes(
            KeyGroupsStateHandle handle, KeyedBackendSerializationProxy<?> proxy) throws Exception {
        int stateCount = proxy.getStateMetaInfoSnapshots().size();
        BufferedStateHandle tracked = new BufferedStateHandle(handle.getDelegateStateHandle());
        KeyGroupsStateHandle trackedHandle =
                new KeyGroupsStateHandle(handle.getGroupRangeOffsets(), tracked);
        TypeSerializer keySerializer = proxy.getKeySerializerSnapshot().restoreSerializer();
        FullSnapshotRestoreOperation<?> restore =
                new FullSnapshotRestoreOperation<>(
                        handle.getKeyGroupRange(),
                        classLoader,
                        List.of(trackedHandle),
                        StateSerializerProvider.fromNewRegisteredSerializer(keySerializer));
        List<Long> offsets = new ArrayList<>();
        for (Tuple2<Integer, Long> group : handle.getGroupRangeOffsets()) {
            if (group.f1 != 0L) {
                offsets.add(group.f1);
            }
        }
        offsets.add(handle.getDelegateStateHandle().getStateSize());
        long[] sizes = new long[stateCount];
        try (ThrowingIterator<SavepointRestoreResult> results = restore.restore()) {
            SavepointRestoreResult result = results.next();
            int written = 0;
            try (ThrowingIterator<KeyGroup> groups = result.getRestoredKeyGroups()) {
                while (groups.hasNext()) {
                    KeyGroup group = groups.next();
                    ThrowingIterator<KeyGroupEntry> entries = group.getKeyGroupEntries();
                    if (!entries.hasNext()) {
                        continue;
                    }
                    written++;
                    while (entries.hasNext()) {
                        long start = tracked.position();
                        KeyGroupEntry entry = entries.next();
                        if (entry.getKvStateId() < 0 || entry.getKvStateId() >= stateCount) {
                            return Optional.empty();
                        }
                        sizes[entry.getKvStateId()] += tracked.position() - start;
                    }
                    if (tracked.position() != offsets.get(written)) {
                        return Optional.empty();
                    }
                }
            }
            if (written != offsets.size() - 1) {
                return Optional.empty();
            }
        }
        return Optional.of(sizes);
    }
}
