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
package dev.flinkext.tools;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.testing.AsyncStateJob;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.InspectChecks;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.ReflectiveReferences;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.MergedInputChannelStateHandle;
import org.apache.flink.runtime.state.MergedResultSubpartitionStateHandle;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filemerging.SegmentFileStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.state.forst.ForStConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink 2.x only: the tools on what Flink 2.x adds, read from real jobs' snapshots on one
 * MiniCluster: State V2 on ForSt (kinds, sizes, a deep restore with ForSt), ForSt's working
 * database in the checkpoint folder while the job runs ({@code orphans --delete} leaves it alone;
 * the job then checkpoints and restores exactly), State V2 on heap and RocksDB (V1 meta information
 * there), RocksDB incremental checkpoints with file merging (segments of one file in several
 * checkpoints) and an unaligned checkpoint's merged channel-state handles.
 */
class Flink2SnapshotsITCase {

    private static final Duration OLD = Duration.ofHours(2);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(ToolsCluster.configuration(2));

    @TempDir Path tmp;

    // ---------------------------------------------------------------------------------------
    // State V2 on ForSt, and ForSt's working database under orphans --delete
    // ---------------------------------------------------------------------------------------

    @Test
    void forStStateV2IsReadAndItsRunningDatabaseIsNeverDeleted(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        long records = 200_000;
        int keys = 500;
        Path base = tmp.resolve("forst");
        Configuration smallBuffers = new Configuration();
        smallBuffers.set(ForStConfigurableOptions.WRITE_BUFFER_SIZE, MemorySize.parse("32kb"));
        AsyncStateJob job =
                new AsyncStateJob("forst", records, keys, 4_000, base)
                        .backend("forst")
                        .set(smallBuffers);
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        String latest;
        Path jobDir;
        try {
            checkpoints.await(() -> job.counted() >= 4_000);
            String first = checkpoints.checkpoint();
            jobDir = local(first).getParent();
            assertThat(workingFiles(jobDir))
                    .as("ForSt's working database in the job's shared/ folder")
                    .isNotEmpty();

            JsonNode report = inspect(first);
            InspectChecks.totalsAreFlinks(
                    report, checkpoints.figures(report.get("checkpointId").asLong()));
            show("inspect", first);
            JsonNode async = operator(report, "async");
            assertThat(async.get("keyedFormat").asText()).isEqualTo("forst");
            assertThat(kinds(async))
                    .containsEntry("count", "keyed-value")
                    .containsEntry("recent", "keyed-list")
                    .containsEntry("buckets", "keyed-map")
                    .containsEntry("sum", "keyed-reducing")
                    .containsEntry("average", "keyed-aggregating");
            for (JsonNode state : async.get("states")) {
                if (state.get("kind").asText().startsWith("keyed-")) {
                    assertThat(state.get("sizeBytes").asLong())
                            .as("state %s", state.get("name"))
                            .isPositive();
                }
            }
            assertStateTypes(
                    first,
                    async.get("uidHash").asText(),
                    StateMetaInfoSnapshot.BackendStateType.KEY_VALUE_V2);
            deepVerifies(first, "forst", keys);

            // With small write buffers ForSt flushes between checkpoints: new files in its
            // working database that no completed checkpoint references yet.
            waitUntil(() -> !unreferencedWorkingFiles(jobDir).isEmpty());
            Path stray = plantOld(jobDir.resolve("shared").resolve("stray"));
            show("orphans", "--older-than", "0s", "" + jobDir);
            CliRun orphans =
                    CliRun.of("orphans", "--delete", "--older-than", "0s", "--json", "" + jobDir);
            assertThat(orphans.exitCode).as(orphans.toString()).isEqualTo(ExitCode.OK);
            List<String> deleted = texts(orphans.json().get("deleted"));
            assertThat(deleted).anyMatch(p -> p.endsWith("/shared/stray"));
            assertThat(stray).doesNotExist();
            assertThat(deleted).as(orphans.toString()).noneMatch(p -> p.contains("/shared/op_"));
            JsonNode databases = orphans.json().get("workingDatabases");
            assertThat(databases).as(orphans.toString()).isNotEmpty();
            int leftAlone = 0;
            for (JsonNode database : databases) {
                assertThat(database.get("path").asText()).contains("/shared/op_");
                leftAlone += database.get("unreferencedFiles").asInt();
            }
            assertThat(leftAlone).isPositive();

            // The job goes on: its next checkpoint references its database's files in place.
            checkpoints.await(() -> job.counted() >= 20_000);
            latest = checkpoints.checkpoint();
            deepVerifies(latest, "forst", keys);
            show("verify", "--deep", latest);
        } finally {
            checkpoints.cancel();
        }

        // Once the job runs no more: a file no checkpoint references in a working database is
        // left alone, unless --job-stopped says so.
        Path database = workingFolders(jobDir).get(0);
        Path leftover = plantOld(database.resolve("db").resolve("crash-leftover"));
        CliRun kept = CliRun.of("orphans", "--delete", "--older-than", "0s", "" + jobDir);
        assertThat(kept.exitCode).as(kept.toString()).isEqualTo(ExitCode.OK);
        assertThat(kept.out).contains("in ForSt working database").contains("--job-stopped");
        assertThat(leftover).exists();
        CliRun stopped =
                CliRun.of(
                        "orphans", "--delete", "--job-stopped", "--older-than", "0s", "" + jobDir);
        assertThat(stopped.exitCode).as(stopped.toString()).isEqualTo(ExitCode.OK);
        assertThat(leftover).doesNotExist();
        assertReferencesExist(jobDir);

        AsyncStateJob restored =
                new AsyncStateJob("forst-restored", records, keys, 1_000_000, tmp.resolve("r"))
                        .backend("forst")
                        .restoreFrom(latest);
        JobCheckpoints restoredJob = new JobCheckpoints(cluster, restored.submit(cluster));
        try {
            assertThat(restoredJob.awaitTermination()).isEqualTo(JobStatus.FINISHED);
        } finally {
            cancelIfRunning(cluster, restoredJob);
        }
        assertThat(restored.wrongCounts()).isEmpty();
    }

    /** Heap and RocksDB serve State V2 through an adaptor over V1 states: V1 meta information. */
    @Test
    void stateV2OnHeapAndRocksDBIsWrittenAsV1(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        int keys = 300;
        for (String backend : List.of("hashmap", "rocksdb")) {
            AsyncStateJob job =
                    new AsyncStateJob("v2-" + backend, 1_000_000, keys, 5_000, tmp.resolve(backend))
                            .backend(backend);
            JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
            String checkpoint;
            String asyncHash;
            try {
                checkpoints.await(() -> job.counted() >= 3_000);
                checkpoint = checkpoints.checkpoint();
                JsonNode report = inspect(checkpoint);
                InspectChecks.totalsAreFlinks(
                        report, checkpoints.figures(report.get("checkpointId").asLong()));
                JsonNode async = operator(report, "async");
                asyncHash = async.get("uidHash").asText();
                assertThat(async.get("keyedFormat").asText())
                        .isEqualTo(backend.equals("hashmap") ? "heap" : "incremental");
                assertThat(kinds(async))
                        .containsEntry("count", "keyed-value")
                        .containsEntry("recent", "keyed-list")
                        .containsEntry("buckets", "keyed-map")
                        .containsEntry("sum", "keyed-reducing")
                        .containsEntry("average", "keyed-aggregating");
            } finally {
                checkpoints.cancel();
            }
            assertStateTypes(
                    checkpoint, asyncHash, StateMetaInfoSnapshot.BackendStateType.KEY_VALUE);
            deepVerifies(checkpoint, backend.equals("hashmap") ? "heap" : "rocksdb", keys);
        }
    }

    // ---------------------------------------------------------------------------------------
    // File merging with RocksDB incremental checkpoints
    // ---------------------------------------------------------------------------------------

    @Test
    void fileMergedIncrementalCheckpointsKeepEveryReferencedFile(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        long records = 120_000;
        int keys = 2_000;
        Path base = tmp.resolve("merging");
        Configuration fileMerging = new Configuration();
        fileMerging.set(CheckpointingOptions.FILE_MERGING_ENABLED, true);
        StateZooJob job =
                new StateZooJob("merging", records, keys, 4_000, base)
                        .backend("rocksdb-incremental")
                        .set(fileMerging);
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        List<String> taken = new ArrayList<>();
        try {
            for (int i = 1; i <= 4; i++) {
                long target = i * 2_000L;
                checkpoints.await(() -> job.counted() >= target);
                taken.add(checkpoints.checkpoint());
            }
            String latest = taken.get(3);
            JsonNode report = inspect(latest);
            show("inspect", latest);
            InspectChecks.totalsAreFlinks(
                    report, checkpoints.figures(report.get("checkpointId").asLong()));
            JsonNode zoo = operator(report, "zoo");
            assertThat(zoo.get("keyedFormat").asText()).isEqualTo("incremental");
            for (JsonNode state : zoo.get("states")) {
                assertThat(state.get("sizeBytes").isNull()).as("state %s", state).isFalse();
            }
        } finally {
            checkpoints.cancel();
        }
        String previous = taken.get(2);
        String latest = taken.get(3);
        Map<Path, Integer> segmentsOfLatest = segmentsPerFile(latest);
        assertThat(segmentsOfLatest.values())
                .as("a physical file holding several segments")
                .anyMatch(count -> count > 1);
        Set<Path> shared = new TreeSet<>(segmentsPerFile(previous).keySet());
        shared.retainAll(segmentsOfLatest.keySet());
        assertThat(shared).as("files both retained checkpoints reference segments of").isNotEmpty();
        for (String checkpoint : List.of(previous, latest)) {
            CliRun verify = CliRun.of("verify", "--json", checkpoint);
            assertThat(verify.exitCode).as(verify.toString()).isEqualTo(ExitCode.OK);
        }
        deepVerifies(latest, "rocksdb", keys);

        Path jobDir = local(latest).getParent();
        List<Path> planted = new ArrayList<>();
        for (Path folder : subfolders(jobDir.resolve("shared"))) {
            planted.add(plantOld(folder.resolve("planted-orphan")));
        }
        planted.add(plantOld(jobDir.resolve("taskowned").resolve("planted-orphan")));
        CliRun orphans = CliRun.of("orphans", "--delete", "--older-than", "0s", "" + jobDir);
        assertThat(orphans.exitCode).as(orphans.toString()).isEqualTo(ExitCode.OK);
        assertThat(planted).noneMatch(Files::exists);
        assertReferencesExist(jobDir);
        assertThat(shared).allMatch(Files::exists);

        StateZooJob restored =
                new StateZooJob("merging-restored", records, keys, 1_000_000, tmp.resolve("r"))
                        .backend("rocksdb-incremental")
                        .set(fileMerging)
                        .restoreFrom(latest, StateZooJob.Claim.NO_CLAIM);
        JobCheckpoints restoredJob = new JobCheckpoints(cluster, restored.submit(cluster));
        try {
            assertThat(restoredJob.awaitTermination()).isEqualTo(JobStatus.FINISHED);
        } finally {
            cancelIfRunning(cluster, restoredJob);
        }
        assertThat(restored.wrongCounts()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------
    // Unaligned checkpoints: merged channel-state handles
    // ---------------------------------------------------------------------------------------

    @Test
    void unalignedCheckpointsChannelStateIsCountedAndVerified(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                tmp.resolve("unaligned").toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        conf.set(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT, Duration.ZERO);
        // Every channel-state stream in a file, however little is in flight when the barrier
        // overtakes it (below the 20 KiB default it would be inline in _metadata).
        conf.set(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD, MemorySize.ZERO);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(2);
        env.disableOperatorChaining();
        env.fromSource(
                        new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .uid("numbers")
                .rebalance()
                .map(new Slow())
                .uid("slow")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        JobCheckpoints checkpoints =
                new JobCheckpoints(
                        cluster,
                        cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID());
        String checkpoint;
        try {
            // Backpressure: the source fills every buffer towards the slow map.
            checkpoints.await(() -> Slow.MAPPED.get() >= 200);
            checkpoint = checkpoints.checkpoint();
            JsonNode report = inspect(checkpoint);
            show("inspect", checkpoint);
            InspectChecks.totalsAreFlinks(
                    report, checkpoints.figures(report.get("checkpointId").asLong()));
            Map<String, Long> channelBytes = channelBytesPerOperator(checkpoint);
            for (String uid : List.of("numbers", "slow")) {
                JsonNode operator = operator(report, uid);
                assertThat(operator.get("channelBytes").asLong())
                        .as("%s: in-flight bytes", uid)
                        .isPositive()
                        .isEqualTo(channelBytes.get(operator.get("uidHash").asText()));
            }
        } finally {
            checkpoints.cancel();
        }
        CliRun verify = CliRun.of("verify", "--json", checkpoint);
        assertThat(verify.exitCode).as(verify.toString()).isEqualTo(ExitCode.OK);
        CliRun deep = CliRun.of("verify", "--deep", "--json", checkpoint);
        assertThat(deep.exitCode).as(deep.toString()).isEqualTo(ExitCode.OK);
        assertThat(texts(deep.json().get("notRestored")))
                .anyMatch(line -> line.contains("channel state"));

        // A channel-state file cut short: verify names it and what it holds.
        Path channelFile = channelFiles(checkpoint).iterator().next();
        try (FileChannel file = FileChannel.open(channelFile, StandardOpenOption.WRITE)) {
            file.truncate(file.size() / 2);
        }
        CliRun broken = CliRun.of("verify", "--json", checkpoint);
        assertThat(broken.exitCode).as(broken.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        JsonNode problems = broken.json().get("problems");
        assertThat(problems).isNotEmpty();
        for (JsonNode problem : problems) {
            assertThat(local(problem.get("path").asText())).isEqualTo(channelFile);
            assertThat(problem.get("problem").asText()).isEqualTo("short");
            assertThat(problem.get("holds").asText()).isEqualTo("in-flight channel data");
        }
    }

    /** A map slow enough to backpressure its input. */
    static final class Slow implements MapFunction<Long, Long> {
        static final java.util.concurrent.atomic.AtomicLong MAPPED =
                new java.util.concurrent.atomic.AtomicLong();

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(1);
            MAPPED.incrementAndGet();
            return value;
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Prints a command's output, as the docs show it. */
    private static void show(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("orphans")) {
            all.add(1, "--uid");
            all.add(2, String.join(",", UIDS));
        }
        CliRun run = CliRun.of(all.toArray(new String[0]));
        System.out.println("$ flinkext " + String.join(" ", all) + "\n" + run.out + run.err);
    }

    private static JsonNode inspect(String snapshot) {
        CliRun run = CliRun.of("inspect", "--json", "--uid", String.join(",", UIDS), snapshot);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        return run.json();
    }

    /** Every uid the tests' jobs use. */
    private static final List<String> UIDS =
            List.of("numbers", "buffer", "zoo", "report", "discard", "async", "slow");

    private static JsonNode operator(JsonNode report, String uid) {
        for (JsonNode operator : report.get("operators")) {
            if (uid.equals(operator.get("uid").asText())) {
                return operator;
            }
        }
        throw new AssertionError("no operator " + uid + " in " + report);
    }

    private static Map<String, String> kinds(JsonNode operator) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (JsonNode state : operator.get("states")) {
            kinds.put(state.get("name").asText(), state.get("kind").asText());
        }
        return kinds;
    }

    /**
     * {@code verify --deep} restores the checkpoint, the keyed state with {@code backend}, and
     * reads every key of value state {@code count} back.
     */
    private static void deepVerifies(String snapshot, String backend, int keys) {
        CliRun run =
                CliRun.of("verify", "--deep", "--json", "--uid", String.join(",", UIDS), snapshot);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        long countKeys = 0;
        int keyed = 0;
        for (JsonNode restore : run.json().get("restores")) {
            assertThat(restore.get("restored").asBoolean()).as(restore.toString()).isTrue();
            if (!restore.get("part").asText().equals("keyed state")) {
                continue;
            }
            keyed++;
            assertThat(restore.get("backend").asText()).isEqualTo(backend);
            for (JsonNode state : restore.get("states")) {
                if (state.get("name").asText().equals("count")) {
                    countKeys += state.get("keys").asLong();
                }
            }
        }
        assertThat(keyed).as(run.toString()).isPositive();
        assertThat(countKeys).as("keys of state count read back").isEqualTo(keys);
    }

    /** Every keyed state of the operator has meta information of {@code type}. */
    private static void assertStateTypes(
            String checkpoint, String uidHash, StateMetaInfoSnapshot.BackendStateType type)
            throws Exception {
        int states = 0;
        for (OperatorState operator : metadata(checkpoint).getOperatorStates()) {
            if (!uidHash.equals(operator.getOperatorID().toHexString())) {
                continue;
            }
            for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    StreamStateHandle meta =
                            handle instanceof IncrementalRemoteKeyedStateHandle
                                    ? ((IncrementalRemoteKeyedStateHandle) handle)
                                            .getMetaDataStateHandle()
                                    : ((KeyGroupsStateHandle) handle).getDelegateStateHandle();
                    KeyedBackendSerializationProxy<?> proxy =
                            new KeyedBackendSerializationProxy<>(
                                    Flink2SnapshotsITCase.class.getClassLoader());
                    try (var in = meta.openInputStream()) {
                        proxy.read(new DataInputViewStreamWrapper(in));
                    }
                    for (StateMetaInfoSnapshot state : proxy.getStateMetaInfoSnapshots()) {
                        if (state.getBackendStateType()
                                != StateMetaInfoSnapshot.BackendStateType.PRIORITY_QUEUE) {
                            assertThat(state.getBackendStateType())
                                    .as("state %s", state.getName())
                                    .isEqualTo(type);
                            states++;
                        }
                    }
                }
            }
        }
        assertThat(states).isPositive();
    }

    private static CheckpointMetadata metadata(String checkpoint) throws IOException {
        Path folder = local(checkpoint);
        try (DataInputStream in =
                new DataInputStream(Files.newInputStream(folder.resolve("_metadata")))) {
            return Checkpoints.loadCheckpointMetadata(
                    in, Flink2SnapshotsITCase.class.getClassLoader(), folder.toUri().toString());
        }
    }

    /** The physical files of a checkpoint's file-merging segments, with how many it references. */
    private static Map<Path, Integer> segmentsPerFile(String checkpoint) throws Exception {
        Map<Path, Integer> files = new HashMap<>();
        for (StreamStateHandle handle : streams(metadata(checkpoint))) {
            if (handle instanceof SegmentFileStateHandle) {
                files.merge(
                        local(((SegmentFileStateHandle) handle).getFilePath().toString()),
                        1,
                        Integer::sum);
            }
        }
        return files;
    }

    /** Every keyed stream handle of the checkpoint (shared, private and meta data streams). */
    private static List<StreamStateHandle> streams(CheckpointMetadata metadata) {
        List<StreamStateHandle> streams = new ArrayList<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    if (handle instanceof IncrementalRemoteKeyedStateHandle) {
                        IncrementalRemoteKeyedStateHandle incremental =
                                (IncrementalRemoteKeyedStateHandle) handle;
                        streams.add(incremental.getMetaDataStateHandle());
                        incremental.getSharedState().forEach(f -> streams.add(f.getHandle()));
                        incremental.getPrivateState().forEach(f -> streams.add(f.getHandle()));
                    }
                }
            }
        }
        return streams;
    }

    /**
     * Per operator, the bytes of its channel-state handles as Flink's own objects give them; the
     * handles are 2.x's merged ones (one per subtask and stream).
     */
    private static Map<String, Long> channelBytesPerOperator(String checkpoint) throws Exception {
        Map<String, Long> bytes = new HashMap<>();
        for (OperatorState operator : metadata(checkpoint).getOperatorStates()) {
            long sum = 0;
            for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                List<StateObject> handles = new ArrayList<>(subtask.getInputChannelState());
                handles.addAll(subtask.getResultSubpartitionState());
                for (StateObject handle : handles) {
                    assertThat(handle)
                            .isInstanceOfAny(
                                    MergedInputChannelStateHandle.class,
                                    MergedResultSubpartitionStateHandle.class);
                    sum += handle.getStateSize();
                }
            }
            bytes.put(operator.getOperatorID().toHexString(), sum);
        }
        return bytes;
    }

    private static Set<Path> channelFiles(String checkpoint) {
        Set<Path> files = new TreeSet<>();
        try {
            for (OperatorState operator : metadata(checkpoint).getOperatorStates()) {
                for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                    subtask.getInputChannelState()
                            .forEach(
                                    h -> files.add(channelFile((MergedInputChannelStateHandle) h)));
                    subtask.getResultSubpartitionState()
                            .forEach(
                                    h ->
                                            files.add(
                                                    channelFile(
                                                            (MergedResultSubpartitionStateHandle)
                                                                    h)));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(files).as("channel state in files (not inline)").isNotEmpty();
        return files;
    }

    private static Path channelFile(
            org.apache.flink.runtime.state.AbstractMergedChannelStateHandle<?, ?> handle) {
        StreamStateHandle delegate = handle.getDelegate();
        assertThat(delegate)
                .as("a channel-state stream in a file (the inline threshold is 0)")
                .isInstanceOf(org.apache.flink.runtime.state.filesystem.FileStateHandle.class);
        return local(
                ((org.apache.flink.runtime.state.filesystem.FileStateHandle) delegate)
                        .getFilePath()
                        .toString());
    }

    /** ForSt's working-database folders in the job's shared/ folder. */
    private static List<Path> workingFolders(Path jobDir) throws IOException {
        try (Stream<Path> children = Files.list(jobDir.resolve("shared"))) {
            return children.filter(p -> p.getFileName().toString().startsWith("op_"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static Set<Path> workingFiles(Path jobDir) throws IOException {
        Set<Path> files = new TreeSet<>();
        for (Path folder : workingFolders(jobDir)) {
            try (Stream<Path> all = Files.walk(folder)) {
                all.filter(Files::isRegularFile).forEach(files::add);
            } catch (java.io.UncheckedIOException e) {
                // A file ForSt deleted while listed.
            }
        }
        return files;
    }

    /** Working-database files that no completed checkpoint of the job references. */
    private static Set<Path> unreferencedWorkingFiles(Path jobDir) {
        try {
            Set<Path> files = workingFiles(jobDir);
            files.removeAll(references(jobDir));
            return files;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Path> references(Path jobDir) throws Exception {
        Set<Path> referenced = new TreeSet<>();
        try (Stream<Path> children = Files.list(jobDir)) {
            for (Path folder : children.collect(Collectors.toList())) {
                Path metadata = folder.resolve("_metadata");
                if (folder.getFileName().toString().startsWith("chk-") && Files.exists(metadata)) {
                    referenced.addAll(ReflectiveReferences.of(metadata));
                }
            }
        }
        return referenced;
    }

    /** Every file any completed checkpoint of the job references is there. */
    private static void assertReferencesExist(Path jobDir) throws Exception {
        Set<Path> referenced = references(jobDir);
        assertThat(referenced).isNotEmpty();
        assertThat(referenced).allMatch(Files::exists);
    }

    private static List<Path> subfolders(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
    }

    /** A file last modified two hours ago. */
    private static Path plantOld(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[1024]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(OLD)));
        return file;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static Path local(String uri) {
        URI parsed = URI.create(uri);
        return parsed.getScheme() == null ? Path.of(uri) : Path.of(parsed);
    }

    /** Waits at most a minute for {@code condition}. */
    private static void waitUntil(Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!condition.get()) {
            assertThat(Instant.now()).as("waited a minute").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static void cancelIfRunning(MiniCluster cluster, JobCheckpoints job) throws Exception {
        if (!cluster.getJobStatus(job.job()).get().isGloballyTerminalState()) {
            job.cancel();
        }
    }
}
