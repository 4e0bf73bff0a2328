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
import dev.flinkext.tools.snapshot.BufferedStateHandle;
import dev.flinkext.tools.snapshot.KeyedStateReader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.state.CheckpointStreamWithResultProvider;
import org.apache.flink.runtime.state.FullSnapshotAsyncWriter;
import org.apache.flink.runtime.state.FullSnapshotResources;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle;
import org.apache.flink.runtime.state.KeyValueStateIterator;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.SnappyStreamCompressionDecorator;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.StateSerializerProvider;
import org.apache.flink.runtime.state.StreamCompressionDecorator;
import org.apache.flink.runtime.state.UncompressedStreamCompressionDecorator;
import org.apache.flink.runtime.state.filesystem.FsCheckpointStreamFactory;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.state.restore.FullSnapshotRestoreOperation;
import org.apache.flink.runtime.state.restore.KeyGroup;
import org.apache.flink.runtime.state.restore.KeyGroupEntry;
import org.apache.flink.runtime.state.restore.SavepointRestoreResult;
import org.apache.flink.runtime.state.restore.ThrowingIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flink 2.x only. One subtask's keyed state in a canonical savepoint ({@link
 * KeyGroupsSavepointStateHandle}), checked or converted entry by entry. Both stream: key groups are
 * read with Flink's own reader ({@link FullSnapshotRestoreOperation}) one entry at a time, and
 * written with Flink's own writer of the format ({@link FullSnapshotAsyncWriter}, as heap and
 * RocksDB savepoints are), so memory holds one entry, not the state.
 */
@Internal
final class KeyedHandleUpgrade {

    private static final int WRITE_BUFFER = 64 * 1024;

    private final KeyGroupsSavepointStateHandle handle;
    private final KeyedBackendSerializationProxy<?> proxy;
    private final List<KeyedStateCodec> codecs = new ArrayList<>();
    private final ClassLoader classLoader;

    KeyedHandleUpgrade(
            KeyGroupsSavepointStateHandle handle,
            int maxParallelism,
            boolean writtenByFlink1,
            ClassLoader classLoader)
            throws BadInputException, IOException {
        this.handle = handle;
        this.classLoader = classLoader;
        this.proxy = new KeyedStateReader(classLoader, false).serializationProxy(handle);
        for (StateMetaInfoSnapshot metaInfo : proxy.getStateMetaInfoSnapshots()) {
            codecs.add(
                    KeyedStateCodec.of(
                            metaInfo,
                            proxy.getKeySerializerSnapshot(),
                            maxParallelism,
                            writtenByFlink1,
                            classLoader));
        }
    }

    List<KeyedStateCodec> codecs() {
        return codecs;
    }

    boolean touched() {
        return codecs.stream().anyMatch(KeyedStateCodec::touched);
    }

    /** Empty findings, one per state (codec), for {@link #check} and {@link #convert}. */
    List<StateFindings> newFindings() {
        List<StateFindings> findings = new ArrayList<>();
        for (int i = 0; i < codecs.size(); i++) {
            findings.add(new StateFindings());
        }
        return findings;
    }

    /** Checks every entry of the touched states, into {@code findings} (one per codec). */
    void check(List<StateFindings> findings) throws Exception {
        try (Entries entries = new Entries()) {
            while (entries.advance()) {
                int id = entries.entry.getKvStateId();
                KeyedStateCodec codec = codecs.get(id);
                findings.get(id).entries++;
                if (codec.touched()) {
                    findings.get(id).check(codec, entries.entry.getKey(), entries.entry.getValue());
                }
            }
        }
    }

    /**
     * Writes the converted key groups to a new file in {@code folder} and returns its handle
     * (relative to the savepoint folder, as a savepoint's are).
     */
    KeyedStateHandle convert(FileSystem fileSystem, Path folder, List<StateFindings> findings)
            throws Exception {
        List<StateMetaInfoSnapshot> metaInfos = new ArrayList<>();
        for (KeyedStateCodec codec : codecs) {
            metaInfos.add(codec.convertedMetaInfo());
        }
        TypeSerializer<?> keySerializer =
                codecs.isEmpty()
                        ? proxy.getKeySerializerSnapshot().restoreSerializer()
                        : codecs.get(0).targetKeySerializer();
        Resources<?> resources = new Resources<>(keySerializer, metaInfos, findings);
        FullSnapshotAsyncWriter<?> writer =
                new FullSnapshotAsyncWriter<>(
                        SavepointType.savepoint(SavepointFormatType.CANONICAL),
                        () ->
                                new CheckpointStreamWithResultProvider.PrimaryStreamOnly(
                                        new FsCheckpointStreamFactory.FsCheckpointStateOutputStream(
                                                folder, fileSystem, WRITE_BUFFER, 0, true)),
                        resources);
        try (CloseableRegistry registry = new CloseableRegistry()) {
            SnapshotResult<KeyedStateHandle> result = writer.get(registry);
            return result.getJobManagerOwnedSnapshot();
        }
    }

    private StreamCompressionDecorator compression() {
        return proxy.isUsingKeyGroupCompression()
                ? SnappyStreamCompressionDecorator.INSTANCE
                : UncompressedStreamCompressionDecorator.INSTANCE;
    }

    /** The handle's entries in their order: key group by key group, state by state. */
    private final class Entries implements AutoCloseable {
        private final ThrowingIterator<SavepointRestoreResult> results;
        private final ThrowingIterator<KeyGroup> groups;
        private ThrowingIterator<KeyGroupEntry> current;
        int keyGroup = -1;
        KeyGroupEntry entry;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Entries() throws Exception {
            TypeSerializer keySerializer = proxy.getKeySerializerSnapshot().restoreSerializer();
            FullSnapshotRestoreOperation<?> restore =
                    new FullSnapshotRestoreOperation<>(
                            handle.getKeyGroupRange(),
                            classLoader,
                            List.of(
                                    new KeyGroupsSavepointStateHandle(
                                            handle.getGroupRangeOffsets(),
                                            new BufferedStateHandle(
                                                    handle.getDelegateStateHandle()))),
                            StateSerializerProvider.fromNewRegisteredSerializer(keySerializer));
            results = restore.restore();
            groups = results.next().getRestoredKeyGroups();
        }

        /** Moves to the next entry; false at the end. */
        boolean advance() throws Exception {
            while (current == null || !current.hasNext()) {
                if (current != null) {
                    current.close();
                    current = null;
                }
                if (!groups.hasNext()) {
                    entry = null;
                    return false;
                }
                KeyGroup group = groups.next();
                keyGroup = group.getKeyGroupId();
                current = group.getKeyGroupEntries();
            }
            entry = current.next();
            return true;
        }

        @Override
        public void close() throws Exception {
            if (current != null) {
                current.close();
            }
            groups.close();
            results.close();
        }
    }

    /** What Flink's writer needs: the new meta information and the converted entries. */
    private final class Resources<K> implements FullSnapshotResources<K> {
        private final TypeSerializer<K> keySerializer;
        private final List<StateMetaInfoSnapshot> metaInfos;
        private final List<StateFindings> findings;

        @SuppressWarnings("unchecked")
        Resources(
                TypeSerializer<?> keySerializer,
                List<StateMetaInfoSnapshot> metaInfos,
                List<StateFindings> findings) {
            this.keySerializer = (TypeSerializer<K>) keySerializer;
            this.metaInfos = metaInfos;
            this.findings = findings;
        }

        @Override
        public List<StateMetaInfoSnapshot> getMetaInfoSnapshots() {
            return metaInfos;
        }

        @Override
        public KeyValueStateIterator createKVStateIterator() throws IOException {
            try {
                return new Converting(new Entries(), findings);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }

        @Override
        public KeyGroupRange getKeyGroupRange() {
            return handle.getKeyGroupRange();
        }

        @Override
        public TypeSerializer<K> getKeySerializer() {
            return keySerializer;
        }

        @Override
        public StreamCompressionDecorator getStreamCompressionDecorator() {
            return compression();
        }

        @Override
        public void release() {}
    }

    /** The entries converted as Flink's writer pulls them. */
    private final class Converting implements KeyValueStateIterator {
        private final Entries entries;
        private final List<StateFindings> findings;
        private int keyGroup = -1;
        private int kvStateId = -1;
        private boolean newKeyGroup;
        private boolean newState;
        private byte[][] converted;

        Converting(Entries entries, List<StateFindings> findings) throws IOException {
            this.entries = entries;
            this.findings = findings;
            next();
        }

        @Override
        public void next() throws IOException {
            try {
                if (!entries.advance()) {
                    converted = null;
                    return;
                }
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            KeyGroupEntry entry = entries.entry;
            newKeyGroup = entries.keyGroup != keyGroup;
            newState = newKeyGroup || entry.getKvStateId() != kvStateId;
            keyGroup = entries.keyGroup;
            kvStateId = entry.getKvStateId();
            KeyedStateCodec codec = codecs.get(kvStateId);
            converted = codec.convert(entry.getKey(), entry.getValue());
            StateFindings finding = findings.get(kvStateId);
            finding.entries++;
            if (codec.touched()) {
                finding.converted++;
                if (!Arrays.equals(converted[0], entry.getKey())
                        || !Arrays.equals(converted[1], entry.getValue())) {
                    finding.changed++;
                }
            }
        }

        @Override
        public int keyGroup() {
            return keyGroup;
        }

        @Override
        public byte[] key() {
            return converted[0];
        }

        @Override
        public byte[] value() {
            return converted[1];
        }

        @Override
        public int kvStateId() {
            return kvStateId;
        }

        @Override
        public boolean isNewKeyValueState() {
            return newState;
        }

        @Override
        public boolean isNewKeyGroup() {
            return newKeyGroup;
        }

        @Override
        public boolean isValid() {
            return converted != null;
        }

        @Override
        public void close() {
            try {
                entries.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
