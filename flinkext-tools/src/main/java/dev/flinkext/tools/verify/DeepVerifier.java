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
package dev.flinkext.tools.verify;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.snapshot.KeyedStateReader;
import dev.flinkext.tools.snapshot.Locations;
import dev.flinkext.tools.snapshot.OperatorUids;
import dev.flinkext.tools.snapshot.Snapshot;
import dev.flinkext.tools.snapshot.StateKinds;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.DefaultOperatorStateBackend;
import org.apache.flink.runtime.state.DefaultOperatorStateBackendBuilder;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateBackendParametersImpl;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.TestableKeyedStateBackend;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.state.ttl.TtlTimeProvider;
import org.apache.flink.util.FileUtils;
import org.apache.flink.util.IOUtils;

import javax.annotation.Nullable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code verify --deep}: restores every subtask's managed keyed and operator state with Flink's own
 * restore code, offline. Keyed state goes through the state backend's own {@code
 * createKeyedStateBackend} with the snapshot's handles as the restore state, the backend chosen by
 * the handles: RocksDB for RocksDB checkpoints and native savepoints (SST files) and for key-group
 * streams in RocksDB's full-checkpoint format, Flink 2.x's ForSt for its State V2 checkpoints
 * ({@link OfflineForSt}), the heap backend for heap checkpoints and canonical savepoints (which
 * either backend restores; the heap backend deserializes every value). Operator and broadcast state
 * go through Flink's operator state backend, which deserializes every element.
 *
 * <p>After a keyed restore every state's serializers are restored from their snapshots, every
 * key-value state's keys and namespaces are read back, and for RocksDB and ForSt every entry of
 * every column family is read (they check each block's checksum), so a state file damaged within
 * its recorded size fails here, where a running job would fail only when it reads the entry.
 */
@Internal
public final class DeepVerifier {

    private static final String HEAP = "heap";
    private static final String ROCKSDB = "rocksdb";
    private static final String FORST = "forst";

    private final ClassLoader classLoader;
    private final Configuration configuration;
    private final OperatorUids uids;
    private final Progress progress;
    private final KeyedStateReader reader;

    public DeepVerifier(
            ClassLoader classLoader,
            Configuration configuration,
            OperatorUids uids,
            Progress progress) {
        this.classLoader = classLoader;
        this.configuration = configuration;
        this.uids = uids;
        this.progress = progress;
        this.reader = new KeyedStateReader(classLoader, true);
    }

    /** The restores, and what Flink's restore code does not restore (raw and channel state). */
    public record Result(List<VerifyReport.Restore> restores, List<String> notRestored) {}

    public Result verify(Snapshot snapshot) throws BadInputException {
        File tmp = temporaryFolder();
        List<VerifyReport.Restore> restores = new ArrayList<>();
        List<String> notRestored = new ArrayList<>();
        try (OfflineEnvironment environment =
                new OfflineEnvironment(classLoader, configuration, tmp)) {
            StateBackend heap = new HashMapStateBackend().configure(configuration, classLoader);
            StateBackend rocks = RocksDBRestore.backend(configuration, tmp, classLoader);
            Map<String, StateBackend> backends = new HashMap<>(Map.of(HEAP, heap, ROCKSDB, rocks));
            for (OperatorState operator : snapshot.metadata().getOperatorStates()) {
                String name = name(operator);
                Map<Integer, String> formats = new HashMap<>();
                for (Map.Entry<Integer, OperatorSubtaskState> subtask :
                        new TreeMap<>(operator.getSubtaskStates()).entrySet()) {
                    int index = subtask.getKey();
                    OperatorSubtaskState state = subtask.getValue();
                    progress.update(
                            String.format(
                                    "restoring %s subtask %d/%d",
                                    name, index + 1, operator.getParallelism()));
                    if (!state.getManagedOperatorState().isEmpty()) {
                        restores.add(
                                restoreOperatorState(
                                        environment,
                                        operator,
                                        index,
                                        new ArrayList<>(state.getManagedOperatorState())));
                    }
                    if (!state.getManagedKeyedState().isEmpty()) {
                        VerifyReport.Restore keyed =
                                restoreKeyedState(
                                        environment,
                                        backends,
                                        operator,
                                        index,
                                        new ArrayList<>(state.getManagedKeyedState()),
                                        formats,
                                        notRestored);
                        if (keyed != null) {
                            restores.add(keyed);
                        }
                    }
                    String where = name + " subtask " + index + ": ";
                    if (!state.getRawKeyedState().isEmpty()) {
                        notRestored.add(where + "raw keyed state (the operator reads it itself)");
                    }
                    if (!state.getRawOperatorState().isEmpty()) {
                        notRestored.add(
                                where + "raw operator state (the operator reads it itself)");
                    }
                    if (!state.getInputChannelState().isEmpty()
                            || !state.getResultSubpartitionState().isEmpty()) {
                        notRestored.add(
                                where
                                        + "in-flight data of an unaligned checkpoint (channel state)");
                    }
                }
            }
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) {
            throw new BadInputException(
                    snapshot.directory()
                            + ": cannot set up the offline restore: "
                            + Locations.oneLine(e),
                    e);
        } finally {
            progress.done();
            FileUtils.deleteDirectoryQuietly(tmp);
        }
        return new Result(restores, notRestored);
    }

    private File temporaryFolder() throws BadInputException {
        String[] dirs = ConfigurationUtils.parseTempDirectories(configuration);
        java.nio.file.Path parent = java.nio.file.Path.of(dirs.length == 0 ? "." : dirs[0]);
        try {
            return Files.createTempDirectory(parent, "flinkext-verify-").toFile();
        } catch (IOException e) {
            throw new BadInputException(
                    parent
                            + ": cannot create a temporary folder for the restored state ("
                            + Locations.oneLine(e)
                            + "); choose another with -D "
                            + CoreOptions.TMP_DIRS.key()
                            + "=DIR",
                    e);
        }
    }

    private VerifyReport.Restore restoreOperatorState(
            OfflineEnvironment environment,
            OperatorState operator,
            int subtask,
            List<OperatorStateHandle> handles) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (OperatorStateHandle handle : handles) {
            handle.getStateNameToPartitionOffsets()
                    .forEach(
                            (state, offsets) ->
                                    kinds.putIfAbsent(
                                            state,
                                            StateKinds.operator(offsets.getDistributionMode())));
        }
        List<VerifyReport.RestoredState> states = new ArrayList<>();
        kinds.forEach(
                (state, kind) ->
                        states.add(new VerifyReport.RestoredState(state, kind, null, null)));
        String error = null;
        try (CloseableRegistry registry = new CloseableRegistry()) {
            DefaultOperatorStateBackend backend =
                    new DefaultOperatorStateBackendBuilder(
                                    classLoader,
                                    environment.environment().getExecutionConfig(),
                                    false,
                                    handles,
                                    registry)
                            .build();
            try {
                List<String> restored = new ArrayList<>(backend.getRegisteredStateNames());
                restored.addAll(backend.getRegisteredBroadcastStateNames());
                for (String state : kinds.keySet()) {
                    if (!restored.contains(state)) {
                        error = "state " + state + " is missing after the restore";
                    }
                }
            } finally {
                backend.dispose();
                IOUtils.closeQuietly(backend);
            }
        } catch (Exception | LinkageError e) {
            error = describe(e);
        }
        return new VerifyReport.Restore(
                operator.getOperatorID().toHexString(),
                uids.uidOf(operator.getOperatorID()),
                subtask,
                "operator state",
                "operator",
                error == null,
                error,
                states,
                null);
    }

    @Nullable
    private VerifyReport.Restore restoreKeyedState(
            OfflineEnvironment environment,
            Map<String, StateBackend> backends,
            OperatorState operator,
            int subtask,
            List<KeyedStateHandle> handles,
            Map<Integer, String> formats,
            List<String> notRestored) {
        KeyedStateHandle first = handles.get(0);
        if (!(first instanceof KeyGroupsStateHandle
                || first instanceof IncrementalRemoteKeyedStateHandle)) {
            notRestored.add(
                    name(operator)
                            + " subtask "
                            + subtask
                            + ": keyed state of handle type "
                            + first.getClass().getSimpleName()
                            + " (changelog state is not restored offline)");
            return null;
        }
        List<String> candidates = backendsFor(operator, subtask, first, formats);
        if (candidates.contains(FORST) && !backends.containsKey(FORST)) {
            try {
                backends.put(
                        FORST, OfflineForSt.backend(configuration, environment.tmp(), classLoader));
            } catch (IllegalStateException e) {
                notRestored.add(
                        name(operator)
                                + " subtask "
                                + subtask
                                + ": State V2 keyed state (ForSt): "
                                + e.getMessage());
                return null;
            }
        }
        VerifyReport.Restore result = null;
        for (String backend : candidates) {
            result =
                    restoreKeyedState(
                            environment,
                            backends.get(backend),
                            backend,
                            operator,
                            subtask,
                            handles);
            if (result.restored()) {
                return result;
            }
        }
        if (candidates.size() == 1) {
            return result;
        }
        // The stream's format could not be told, and neither backend restores it.
        return new VerifyReport.Restore(
                result.operator(),
                result.uid(),
                result.subtask(),
                result.part(),
                String.join(" or ", candidates),
                false,
                result.error(),
                result.states(),
                null);
    }

    /**
     * The backend that restores the handles: ForSt for SST files with State V2 states (only ForSt
     * writes those; RocksDB would open its files but not read V2 states back), RocksDB for other
     * SST files; the heap backend for canonical savepoints; for a checkpoint's key-group stream the
     * backend whose format it is in (heap or RocksDB full), as read from the stream, or from the
     * operator's other subtasks when this one cannot be read; when none can, both are tried.
     */
    private List<String> backendsFor(
            OperatorState operator,
            int subtask,
            KeyedStateHandle first,
            Map<Integer, String> formats) {
        if (first instanceof IncrementalRemoteKeyedStateHandle) {
            return List.of(hasStateV2(first) ? FORST : ROCKSDB);
        }
        if (first instanceof KeyGroupsSavepointStateHandle) {
            return List.of(HEAP);
        }
        String own = format(operator, subtask, formats);
        if (own != null) {
            return List.of(own);
        }
        for (Integer other : operator.getSubtaskStates().keySet()) {
            String format = format(operator, other, formats);
            if (format != null) {
                return List.of(format);
            }
        }
        return List.of(HEAP, ROCKSDB);
    }

    /** Whether the handle's meta information holds a State V2 state (false when unreadable). */
    private boolean hasStateV2(KeyedStateHandle handle) {
        try {
            for (StateMetaInfoSnapshot metaInfo :
                    reader.serializationProxy(handle).getStateMetaInfoSnapshots()) {
                if (StateKinds.isStateV2(metaInfo)) {
                    return true;
                }
            }
        } catch (Exception | LinkageError e) {
            // The restore reads it again and reports why it cannot.
        }
        return false;
    }

    @Nullable
    private String format(OperatorState operator, int subtask, Map<Integer, String> formats) {
        if (!formats.containsKey(subtask)) {
            String format = null;
            OperatorSubtaskState state = operator.getSubtaskStates().get(subtask);
            if (state != null && !state.getManagedKeyedState().isEmpty()) {
                KeyedStateHandle handle = state.getManagedKeyedState().iterator().next();
                if (handle instanceof KeyGroupsStateHandle
                        && !(handle instanceof KeyGroupsSavepointStateHandle)) {
                    String read = reader.read(handle).format();
                    format = read.equals("heap") ? HEAP : read.equals("full") ? ROCKSDB : null;
                }
            }
            formats.put(subtask, format);
        }
        return formats.get(subtask);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private VerifyReport.Restore restoreKeyedState(
            OfflineEnvironment environment,
            StateBackend stateBackend,
            String backendName,
            OperatorState operator,
            int subtask,
            List<KeyedStateHandle> handles) {
        List<VerifyReport.RestoredState> states = new ArrayList<>();
        KeyedBackendSerializationProxy<?> proxy;
        TypeSerializer keySerializer;
        try {
            proxy = reader.serializationProxy(handles.get(0));
            keySerializer = proxy.getKeySerializerSnapshot().restoreSerializer();
        } catch (Exception | LinkageError e) {
            return keyedRestore(
                    operator,
                    subtask,
                    backendName,
                    "the state meta information cannot be read: " + describe(e),
                    states,
                    null);
        }
        List<StateMetaInfoSnapshot> metaInfos = proxy.getStateMetaInfoSnapshots();
        String error = null;
        Long rocksdbEntries = null;
        CheckpointableKeyedStateBackend<?> restored = null;
        try (CloseableRegistry registry = new CloseableRegistry()) {
            restored =
                    stateBackend.createKeyedStateBackend(
                            new KeyedStateBackendParametersImpl(
                                    environment.environment(),
                                    environment.jobId(),
                                    operator.getOperatorID().toHexString() + "_" + subtask,
                                    keySerializer,
                                    operator.getMaxParallelism(),
                                    keyGroupRange(handles),
                                    environment.environment().getTaskKvStateRegistry(),
                                    TtlTimeProvider.DEFAULT,
                                    new UnregisteredMetricsGroup(),
                                    handles,
                                    registry));
            for (StateMetaInfoSnapshot metaInfo : metaInfos) {
                states.add(readBack(restored, metaInfo));
            }
            if (RocksDBRestore.isRocksDB(restored)) {
                try {
                    rocksdbEntries = RocksDBRestore.readAllEntries(restored);
                } catch (Exception e) {
                    error = "reading the restored RocksDB entries failed: " + describe(e);
                }
            } else if (FORST.equals(backendName) && restored instanceof TestableKeyedStateBackend) {
                // ForSt's synchronous backend counts by iterating every column family; its
                // entries are RocksDB's (ForSt is a fork of RocksDB).
                try {
                    rocksdbEntries =
                            (long)
                                    ((TestableKeyedStateBackend<?>) restored)
                                            .numKeyValueStateEntries();
                } catch (Exception e) {
                    error = "reading the restored ForSt entries failed: " + describe(e);
                }
            }
        } catch (Exception | LinkageError e) {
            error = describe(e);
        } finally {
            if (restored != null) {
                restored.dispose();
                IOUtils.closeQuietly(restored);
            }
        }
        if (error != null) {
            error = nameCheckpointFile(error, handles);
        }
        if (error == null) {
            for (VerifyReport.RestoredState state : states) {
                if (state.error() != null) {
                    error = "state " + state.name() + ": " + state.error();
                    break;
                }
            }
        }
        if (states.isEmpty()) {
            for (StateMetaInfoSnapshot metaInfo : metaInfos) {
                states.add(
                        new VerifyReport.RestoredState(
                                metaInfo.getName(), StateKinds.keyed(metaInfo), null, null));
            }
        }
        return keyedRestore(operator, subtask, backendName, error, states, rocksdbEntries);
    }

    /**
     * One state of a restored backend: its serializers restored from their snapshots, and for
     * key-value state its keys and namespaces read back.
     */
    private static VerifyReport.RestoredState readBack(
            CheckpointableKeyedStateBackend<?> backend, StateMetaInfoSnapshot metaInfo) {
        String kind = StateKinds.keyed(metaInfo);
        try {
            for (TypeSerializerSnapshot<?> serializer :
                    metaInfo.getSerializerSnapshotsImmutable().values()) {
                serializer.restoreSerializer();
            }
        } catch (Exception | LinkageError e) {
            return new VerifyReport.RestoredState(
                    metaInfo.getName(),
                    kind,
                    null,
                    "its serializer cannot be restored: " + describe(e));
        }
        if (!StateKinds.isKeyValue(metaInfo)) {
            return new VerifyReport.RestoredState(metaInfo.getName(), kind, null, null);
        }
        try (Stream<?> entries = backend.getKeysAndNamespaces(metaInfo.getName())) {
            return new VerifyReport.RestoredState(metaInfo.getName(), kind, entries.count(), null);
        } catch (Exception | LinkageError e) {
            return new VerifyReport.RestoredState(
                    metaInfo.getName(), kind, null, "reading its keys back failed: " + describe(e));
        }
    }

    /**
     * RocksDB names the restored copy of a file in its errors (e.g. a checksum mismatch in {@code
     * .../db/000042.sst}): add the checkpoint's file it was copied from.
     */
    private static String nameCheckpointFile(String error, List<KeyedStateHandle> handles) {
        for (KeyedStateHandle handle : handles) {
            if (!(handle instanceof IncrementalRemoteKeyedStateHandle)) {
                continue;
            }
            IncrementalRemoteKeyedStateHandle incremental =
                    (IncrementalRemoteKeyedStateHandle) handle;
            List<HandleAndLocalPath> files = new ArrayList<>(incremental.getSharedState());
            files.addAll(incremental.getPrivateState());
            for (HandleAndLocalPath file : files) {
                if (error.contains("/" + file.getLocalPath() + " ")
                        || error.endsWith("/" + file.getLocalPath())) {
                    StreamStateHandle remote = file.getHandle();
                    String source =
                            remote instanceof FileStateHandle
                                    ? ((FileStateHandle) remote).getFilePath().toString()
                                    : "inline in _metadata";
                    return error + " (restored from " + source + ")";
                }
            }
        }
        return error;
    }

    private VerifyReport.Restore keyedRestore(
            OperatorState operator,
            int subtask,
            String backend,
            @Nullable String error,
            List<VerifyReport.RestoredState> states,
            @Nullable Long rocksdbEntries) {
        return new VerifyReport.Restore(
                operator.getOperatorID().toHexString(),
                uids.uidOf(operator.getOperatorID()),
                subtask,
                "keyed state",
                backend,
                error == null,
                error,
                states,
                rocksdbEntries);
    }

    private static KeyGroupRange keyGroupRange(List<KeyedStateHandle> handles) {
        int start = Integer.MAX_VALUE;
        int end = Integer.MIN_VALUE;
        for (KeyedStateHandle handle : handles) {
            start = Math.min(start, handle.getKeyGroupRange().getStartKeyGroup());
            end = Math.max(end, handle.getKeyGroupRange().getEndKeyGroup());
        }
        return KeyGroupRange.of(start, end);
    }

    private String name(OperatorState operator) {
        String uid = uids.uidOf(operator.getOperatorID());
        return uid != null ? uid : operator.getOperatorID().toHexString();
    }

    /**
     * One line: a class that is not on the classpath is named as such, with the fix; otherwise the
     * failure and, when it wraps one, its root cause.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                String missing = Locations.oneLine(t).replace('/', '.');
                return "class "
                        + missing
                        + " is not on the classpath (give the job's jars or class folders with"
                        + " --classpath)";
            }
            root = t;
            if (t.getCause() == t) {
                break;
            }
        }
        String outer = Locations.oneLine(failure);
        String inner = Locations.oneLine(root);
        return root == failure || outer.contains(inner) ? outer : outer + ": " + inner;
    }
}
