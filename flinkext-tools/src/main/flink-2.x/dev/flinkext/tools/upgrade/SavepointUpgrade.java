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
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.snapshot.FlinkLine;
import dev.flinkext.tools.snapshot.Locations;
import dev.flinkext.tools.snapshot.OperatorUids;
import dev.flinkext.tools.snapshot.Snapshot;
import dev.flinkext.tools.snapshot.StateKinds;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.RelativeFileStateHandle;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Flink 2.x only. {@code upgrade check} and {@code upgrade convert} over a whole snapshot: every
 * subtask's keyed and operator state, one subtask per task on all cores (subtasks are independent;
 * each task restores serializers of its own, since serializers are not thread-safe).
 */
@Internal
final class SavepointUpgrade {

    /** The newest metadata version Flink 1.x writes; newer ones are Flink 2.x's. */
    private static final int LAST_FLINK1_METADATA = 4;

    /**
     * Operator states of Flink 1.x's legacy {@code SourceFunction}s, which Flink 2.x no longer has:
     * a restore fails on the state no operator takes.
     */
    private static final Map<String, String> LEGACY_SOURCE_STATES =
            Map.of(
                    "topic-partition-offset-states", "FlinkKafkaConsumer",
                    "Kinesis-Stream-Shard-State", "FlinkKinesisConsumer",
                    "rabbitmq-source-state", "RMQSource");

    private final ClassLoader classLoader;
    private final OperatorUids uids;
    private final Progress progress;
    private final int threads;

    SavepointUpgrade(ClassLoader classLoader, OperatorUids uids, Progress progress) {
        this.classLoader = classLoader;
        this.uids = uids;
        this.progress = progress;
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    static boolean writtenByFlink1(Snapshot snapshot) {
        return snapshot.formatVersion() <= LAST_FLINK1_METADATA;
    }

    static String writtenBy(Snapshot snapshot) {
        return (writtenByFlink1(snapshot) ? "Flink 1.x" : "Flink 2.x")
                + " (metadata version "
                + snapshot.formatVersion()
                + ")";
    }

    // ------------------------------------------------------------------------------------------
    // check

    UpgradeReport check(Snapshot snapshot) throws Exception {
        boolean flink1 = writtenByFlink1(snapshot);
        Rows rows = new Rows();
        List<Future<?>> tasks = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (OperatorState operator : snapshot.metadata().getOperatorStates()) {
                for (Map.Entry<Integer, OperatorSubtaskState> subtask :
                        operator.getSubtaskStates().entrySet()) {
                    tasks.add(
                            pool.submit(
                                    () -> {
                                        checkSubtask(operator, subtask.getValue(), flink1, rows);
                                        return null;
                                    }));
                }
            }
            await(tasks, "checked");
        } finally {
            pool.shutdownNow();
        }
        return rows.report(snapshot, null);
    }

    private void checkSubtask(
            OperatorState operator, OperatorSubtaskState subtask, boolean flink1, Rows rows)
            throws Exception {
        for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
            if (!(handle instanceof KeyGroupsSavepointStateHandle)) {
                rows.problem(
                        operator,
                        "keyed state in "
                                + handle.getClass().getSimpleName()
                                + " (a checkpoint or a native-format savepoint): its values are"
                                + " not read here; "
                                + CANONICAL_HINT);
                continue;
            }
            KeyedHandleUpgrade upgrade =
                    withClasses(
                            operator,
                            () ->
                                    new KeyedHandleUpgrade(
                                            (KeyGroupsSavepointStateHandle) handle,
                                            operator.getMaxParallelism(),
                                            flink1,
                                            classLoader));
            List<StateFindings> findings = upgrade.newFindings();
            upgrade.check(findings);
            for (int i = 0; i < findings.size(); i++) {
                rows.keyed(operator, upgrade.codecs().get(i), findings.get(i));
            }
        }
        if (!subtask.getRawKeyedState().isEmpty()) {
            rows.problem(
                    operator,
                    "raw keyed state (e.g. timers a RocksDB backend kept on the heap): not read"
                            + " here; Flink 2.x restores it with the key serializer");
        }
        for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
            OperatorHandleUpgrade upgrade =
                    withClasses(
                            operator, () -> new OperatorHandleUpgrade(handle, flink1, classLoader));
            Map<String, StateFindings> findings = upgrade.newFindings();
            upgrade.check(findings);
            for (OperatorHandleUpgrade.State state : upgrade.states()) {
                rows.operator(operator, handle, state, findings.get(state.name()));
            }
        }
    }

    private static final String CANONICAL_HINT =
            "take a canonical savepoint on Flink 1.x (flink savepoint --type canonical <job id>)"
                    + " and check that";

    // ------------------------------------------------------------------------------------------
    // convert

    /**
     * Writes the converted savepoint to {@code out} (a new or empty folder) and checks it; on any
     * failure removes what it wrote.
     */
    UpgradeReport convert(Snapshot snapshot, Path out) throws Exception {
        if (!writtenByFlink1(snapshot)) {
            throw new BadInputException(
                    snapshot.directory()
                            + " was written by Flink 2.x (metadata version "
                            + snapshot.formatVersion()
                            + "): there is nothing to convert");
        }
        for (OperatorState operator : snapshot.metadata().getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    if (!(handle instanceof KeyGroupsSavepointStateHandle)) {
                        throw new BadInputException(
                                snapshot.directory()
                                        + " is a checkpoint or a native-format savepoint (keyed"
                                        + " state in "
                                        + handle.getClass().getSimpleName()
                                        + "), which only the backend that wrote it reads: "
                                        + CANONICAL_HINT.replace("check that", "convert that"));
                    }
                }
            }
        }
        FileSystem fileSystem = Locations.fileSystem(out);
        FileStatus existing = Locations.statusOrNull(out);
        if (existing != null && (!existing.isDir() || fileSystem.listStatus(out).length > 0)) {
            throw new BadInputException(
                    out + " exists and is not an empty folder; --out takes a new folder");
        }
        long started = System.nanoTime();
        fileSystem.mkdirs(out);
        try {
            Rows rows = new Rows();
            Set<String> replaced = new HashSet<>();
            CheckpointMetadata converted =
                    convertMetadata(snapshot, out, fileSystem, rows, replaced);
            long[] copied = copyTheRest(snapshot, out, fileSystem, replaced);
            try (OutputStream metadata =
                    fileSystem.create(
                            new Path(out, Snapshot.METADATA_FILE),
                            FileSystem.WriteMode.NO_OVERWRITE)) {
                Checkpoints.storeCheckpointMetadata(converted, new DataOutputStream(metadata));
            }
            progress.update("checking the converted savepoint with Flink 2.x's serializers");
            UpgradeReport check = check(Snapshot.load(out.toString(), classLoader));
            if (!check.restoresOnFlink2()) {
                throw new BadInputException(
                        "the converted savepoint does not pass upgrade check: "
                                + firstProblem(check));
            }
            long[] written = sizeOf(fileSystem, out);
            double seconds = (System.nanoTime() - started) / 1e9;
            return rows.report(
                    snapshot,
                    new UpgradeReport.Output(
                            out.toString(),
                            (int) written[0],
                            written[1],
                            Math.round(seconds * 100) / 100.0,
                            "every converted entry read back by Flink 2.x's serializers; "
                                    + copied[0]
                                    + " files copied byte for byte; the output passes upgrade"
                                    + " check"));
        } catch (Exception | Error e) {
            fileSystem.delete(out, true);
            throw e;
        }
    }

    private CheckpointMetadata convertMetadata(
            Snapshot snapshot, Path out, FileSystem fileSystem, Rows rows, Set<String> replaced)
            throws Exception {
        List<OperatorState> operators = new ArrayList<>();
        List<Future<?>> tasks = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (OperatorState operator : snapshot.metadata().getOperatorStates()) {
                OperatorState copy =
                        operator.copyWithNewIDs(
                                operator.getOperatorUid().orElse(null), operator.getOperatorID());
                copy.setCoordinatorState(operator.getCoordinatorState());
                operators.add(copy);
                for (Map.Entry<Integer, OperatorSubtaskState> subtask :
                        operator.getSubtaskStates().entrySet()) {
                    tasks.add(
                            pool.submit(
                                    () -> {
                                        OperatorSubtaskState state =
                                                convertSubtask(
                                                        operator,
                                                        subtask.getValue(),
                                                        out,
                                                        fileSystem,
                                                        rows,
                                                        replaced);
                                        synchronized (copy) {
                                            copy.putState(subtask.getKey(), state);
                                        }
                                        return null;
                                    }));
                }
            }
            await(tasks, "converted");
        } finally {
            pool.shutdownNow();
        }
        CheckpointMetadata metadata = snapshot.metadata();
        return new CheckpointMetadata(
                metadata.getCheckpointId(),
                operators,
                metadata.getMasterStates(),
                metadata.getCheckpointProperties());
    }

    private OperatorSubtaskState convertSubtask(
            OperatorState operator,
            OperatorSubtaskState subtask,
            Path out,
            FileSystem fileSystem,
            Rows rows,
            Set<String> replaced)
            throws Exception {
        List<KeyedStateHandle> keyed = new ArrayList<>();
        boolean keyTouched = false;
        for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
            KeyedHandleUpgrade upgrade =
                    withClasses(
                            operator,
                            () ->
                                    new KeyedHandleUpgrade(
                                            (KeyGroupsSavepointStateHandle) handle,
                                            operator.getMaxParallelism(),
                                            true,
                                            classLoader));
            List<StateFindings> findings = upgrade.newFindings();
            if (upgrade.touched()) {
                keyTouched = true;
                keyed.add(upgrade.convert(fileSystem, out, findings));
                replace(
                        ((KeyGroupsSavepointStateHandle) handle).getDelegateStateHandle(),
                        replaced);
            } else {
                keyed.add(handle);
            }
            for (int i = 0; i < findings.size(); i++) {
                rows.keyed(operator, upgrade.codecs().get(i), findings.get(i));
            }
        }
        if (keyTouched && !subtask.getRawKeyedState().isEmpty()) {
            throw new BadInputException(
                    "operator "
                            + operator.getOperatorID()
                            + " holds raw keyed state (e.g. timers a RocksDB backend kept on the"
                            + " heap) beside keyed state that changes across the upgrade; raw"
                            + " state is not converted");
        }
        List<OperatorStateHandle> operatorStates = new ArrayList<>();
        for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
            OperatorHandleUpgrade upgrade =
                    withClasses(
                            operator, () -> new OperatorHandleUpgrade(handle, true, classLoader));
            Map<String, StateFindings> findings = upgrade.newFindings();
            if (upgrade.touched()) {
                operatorStates.add(upgrade.convert(fileSystem, out, findings));
                replace(handle.getDelegateStateHandle(), replaced);
            } else {
                upgrade.check(findings);
                operatorStates.add(handle);
            }
            for (OperatorHandleUpgrade.State state : upgrade.states()) {
                rows.operator(operator, handle, state, findings.get(state.name()));
            }
        }
        progress.update("converted a subtask of " + operator.getOperatorID());
        return subtask.toBuilder()
                .setManagedKeyedState(
                        new org.apache.flink.runtime.checkpoint.StateObjectCollection<>(keyed))
                .setManagedOperatorState(
                        new org.apache.flink.runtime.checkpoint.StateObjectCollection<>(
                                operatorStates))
                .build();
    }

    private interface Reading<T> {
        T read() throws Exception;
    }

    /**
     * Reads a subtask's state meta information, which names the classes of the job's state types:
     * one missing from the classpath is bad input, named with the way to give it.
     */
    private <T> T withClasses(OperatorState operator, Reading<T> reading) throws Exception {
        try {
            return reading.read();
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            if (org.apache.flink.util.ExceptionUtils.findThrowable(e, ClassNotFoundException.class)
                            .isPresent()
                    || message.startsWith("Could not find class")) {
                String uid = uids.uidOf(operator.getOperatorID());
                throw new BadInputException(
                        "the state of operator "
                                + (uid != null ? uid : operator.getOperatorID().toHexString())
                                + " names a class that is not on the classpath ("
                                + message
                                + "): give the job's jar with --classpath",
                        e);
            }
            throw e;
        }
    }

    private static void replace(StreamStateHandle handle, Set<String> replaced) {
        if (handle instanceof RelativeFileStateHandle) {
            synchronized (replaced) {
                replaced.add(((RelativeFileStateHandle) handle).getRelativePath());
            }
        }
    }

    /**
     * Copies every file of the savepoint folder that no converted stream replaces (state of
     * untouched subtasks, raw and channel state): a canonical savepoint's handles are relative to
     * its folder. Returns {files, bytes}.
     */
    private static long[] copyTheRest(
            Snapshot snapshot, Path out, FileSystem fileSystem, Set<String> replaced)
            throws IOException {
        Path in = new Path(snapshot.directory().toUri());
        FileSystem source = in.getFileSystem();
        long files = 0;
        long bytes = 0;
        for (FileStatus file : source.listStatus(in)) {
            String name = file.getPath().getName();
            if (file.isDir() || name.equals(Snapshot.METADATA_FILE) || replaced.contains(name)) {
                continue;
            }
            try (InputStream from = source.open(file.getPath());
                    OutputStream to =
                            fileSystem.create(
                                    new Path(out, name), FileSystem.WriteMode.NO_OVERWRITE)) {
                bytes += from.transferTo(to);
            }
            files++;
        }
        return new long[] {files, bytes};
    }

    private static long[] sizeOf(FileSystem fileSystem, Path folder) throws IOException {
        long files = 0;
        long bytes = 0;
        for (FileStatus file : fileSystem.listStatus(folder)) {
            files++;
            bytes += file.getLen();
        }
        return new long[] {files, bytes};
    }

    private static String firstProblem(UpgradeReport report) {
        for (UpgradeReport.Operator operator : report.operators()) {
            for (UpgradeReport.State state : operator.states()) {
                if (!state.verdict().equals(UpgradeReport.RESTORES)) {
                    return state.state() + ": " + state.verdict() + " (" + state.reason() + ")";
                }
            }
            if (!operator.problems().isEmpty()) {
                return operator.problems().get(0);
            }
        }
        return "?";
    }

    private void await(List<Future<?>> tasks, String done) throws Exception {
        int finished = 0;
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (ExecutionException e) {
                for (Future<?> other : tasks) {
                    other.cancel(true);
                }
                Throwable cause = e.getCause();
                if (cause instanceof Exception) {
                    throw (Exception) cause;
                }
                throw new IllegalStateException(cause);
            }
            finished++;
            progress.update(finished + " of " + tasks.size() + " subtasks " + done);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** The report's rows, merged over subtasks (filled from several threads). */
    private final class Rows {
        private final Map<String, OperatorRows> operators = new LinkedHashMap<>();

        private synchronized OperatorRows of(OperatorState operator) {
            return operators.computeIfAbsent(
                    operator.getOperatorID().toHexString(),
                    id -> new OperatorRows(id, uids.uidOf(operator.getOperatorID())));
        }

        synchronized void problem(OperatorState operator, String problem) {
            OperatorRows rows = of(operator);
            if (!rows.problems.contains(problem)) {
                rows.problems.add(problem);
            }
        }

        synchronized void keyed(
                OperatorState operator, KeyedStateCodec codec, StateFindings found) {
            Row row =
                    of(operator)
                            .rows
                            .computeIfAbsent(
                                    codec.name(),
                                    name ->
                                            new Row(
                                                    name,
                                                    StateKinds.keyed(codec.metaInfo()),
                                                    codec.recordedTree(),
                                                    codec.targetTree(),
                                                    codec.incompatibility(),
                                                    codec.touched()));
            row.findings.add(found);
        }

        synchronized void operator(
                OperatorState operator,
                OperatorStateHandle handle,
                OperatorHandleUpgrade.State state,
                StateFindings found) {
            String kind =
                    state.broadcast()
                            ? "broadcast"
                            : StateKinds.operator(
                                    handle.getStateNameToPartitionOffsets()
                                            .get(state.name())
                                            .getDistributionMode());
            Row row =
                    of(operator)
                            .rows
                            .computeIfAbsent(
                                    state.name(),
                                    name ->
                                            new Row(
                                                    name,
                                                    kind,
                                                    state.recordedTree(),
                                                    state.targetTree(),
                                                    state.incompatibility(),
                                                    state.touched()));
            row.findings.add(found);
            String legacySource = LEGACY_SOURCE_STATES.get(state.name());
            if (legacySource != null) {
                problem(
                        operator,
                        "state "
                                + state.name()
                                + " of Flink 1.x's legacy "
                                + legacySource
                                + " (a SourceFunction): Flink 2.x has no SourceFunction, and the"
                                + " restore fails on state no operator takes; move the job to"
                                + " the connector's FLIP-27 source on Flink 1.x first, take a"
                                + " savepoint, then upgrade");
            }
        }

        synchronized UpgradeReport report(Snapshot snapshot, UpgradeReport.Output output) {
            List<UpgradeReport.Operator> list = new ArrayList<>();
            boolean restores = true;
            for (OperatorRows operator : operators.values()) {
                List<UpgradeReport.State> states = new ArrayList<>();
                for (Row row : operator.rows.values()) {
                    UpgradeReport.State state = row.state(output != null);
                    restores &=
                            state.verdict().equals(UpgradeReport.RESTORES)
                                    || state.verdict().equals(UpgradeReport.CONVERTED)
                                    || state.verdict().equals(UpgradeReport.COPIED);
                    states.add(state);
                }
                restores &= operator.problems.isEmpty();
                if (!states.isEmpty() || !operator.problems.isEmpty()) {
                    list.add(
                            new UpgradeReport.Operator(
                                    operator.uidHash, operator.uid, states, operator.problems));
                }
            }
            return new UpgradeReport(
                    snapshot.directory().toString(),
                    snapshot.checkpointId(),
                    writtenBy(snapshot),
                    FlinkLine.readWith(),
                    restores,
                    output,
                    list);
        }
    }

    private static final class OperatorRows {
        final String uidHash;
        final String uid;
        final Map<String, Row> rows = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();

        OperatorRows(String uidHash, String uid) {
            this.uidHash = uidHash;
            this.uid = uid;
        }
    }

    /** One state's row: what its serializers say, and its entries' findings. */
    private static final class Row {
        final String name;
        final String kind;
        final String recorded;
        final String target;
        final String incompatibility;
        final boolean touched;
        final StateFindings findings = new StateFindings();

        Row(
                String name,
                String kind,
                String recorded,
                String target,
                String incompatibility,
                boolean touched) {
            this.name = name;
            this.kind = kind;
            this.recorded = recorded;
            this.target = target;
            this.incompatibility = incompatibility;
            this.touched = touched;
        }

        UpgradeReport.State state(boolean converted) {
            StateFindings f = findings;
            String verdict;
            String reason = null;
            if (f.unreadable > 0) {
                verdict = UpgradeReport.UNREADABLE;
                reason =
                        f.unreadable
                                + " of "
                                + f.entries
                                + " entries cannot be read as their writer wrote them: "
                                + f.firstUnreadable;
            } else if (converted) {
                verdict = touched ? UpgradeReport.CONVERTED : UpgradeReport.COPIED;
                reason =
                        touched ? f.changed + " of " + f.entries + " entries' bytes changed" : null;
            } else if (incompatibility != null) {
                verdict = UpgradeReport.FAILS;
                reason = incompatibility + cause();
            } else if (f.failing > 0) {
                verdict = UpgradeReport.FAILS;
                reason =
                        "Flink 2.x cannot read "
                                + f.failing
                                + " of "
                                + f.entries
                                + " entries: "
                                + f.firstFailure
                                + cause();
            } else if (f.wrong > 0) {
                verdict = UpgradeReport.WRONG;
                reason =
                        "Flink 2.x resolves the recorded serializers compatible but reads "
                                + f.wrong
                                + " of "
                                + f.entries
                                + " entries differently from their writer (first: "
                                + f.firstWrong
                                + ")"
                                + cause();
            } else {
                verdict = UpgradeReport.RESTORES;
            }
            return new UpgradeReport.State(
                    name,
                    kind,
                    verdict,
                    reason,
                    recorded,
                    target,
                    f.entries,
                    f.wrong,
                    f.failing,
                    f.converted);
        }

        private String cause() {
            if (!recorded.equals(target)) {
                return "; cause: a POJO field that Flink 1.x gave to Kryo is typed by Flink 2.x"
                        + " (FLIP-398: List, Map, Set and Collection fields)";
            }
            if (recorded.contains("Kryo<")) {
                return "; cause: Kryo 2 wrote these bytes, Flink 2.x reads them with Kryo 5"
                        + " (collections, maps and their elements are laid out differently)";
            }
            return "";
        }
    }
}
