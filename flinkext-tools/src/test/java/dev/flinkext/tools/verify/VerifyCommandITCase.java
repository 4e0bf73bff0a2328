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

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.snapshot.OperatorUids;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;
import dev.flinkext.tools.testing.UserClasses;

import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify} on a real job's RocksDB incremental checkpoint and native savepoint: intact they
 * pass; a deleted and a truncated shared SST file, and a file deleted from a moved savepoint, are
 * each reported with the operator and states they hold, and the exit code is 1.
 */
class VerifyCommandITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(ToolsCluster.configuration(3));

    @TempDir Path tmp;

    @Test
    void reportsDeletedAndTruncatedFilesWithTheirStates(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        StateZooJob job =
                new StateZooJob("verify", 10_000_000, 5_000, 10_000, tmp.resolve("checkpoints"))
                        .backend("rocksdb-incremental");
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        String first;
        String second;
        String savepoint;
        try {
            // 5,000 keys: SST files above the 20 KiB that Flink keeps inline in _metadata.
            checkpoints.await(() -> job.counted() >= 5_000);
            first = checkpoints.checkpoint();
            checkpoints.await(() -> job.counted() >= 10_000);
            second = checkpoints.checkpoint();
            savepoint =
                    checkpoints.savepoint(tmp.resolve("savepoints"), SavepointFormatType.NATIVE);
        } finally {
            checkpoints.cancel();
        }
        String uids = String.join(",", StateZooJob.UIDS);
        CliRun intact = CliRun.of("verify", "--json", "--uid", uids, second);
        assertThat(intact.exitCode).as(intact.toString()).isEqualTo(ExitCode.OK);
        assertThat(intact.json().get("problems")).isEmpty();
        assertThat(intact.json().get("files").asInt()).isPositive();

        // Deep: every subtask's keyed and operator state restores with Flink's RocksDB backend.
        CliRun deep = CliRun.of("verify", "--deep", "--json", "--uid", uids, second);
        assertThat(deep.exitCode).as(deep.toString()).isEqualTo(ExitCode.OK);
        assertThat(deep.json().get("restoreFailures").asInt()).isZero();
        assertThat(keyedKeys(deep.json(), "zoo", "count")).isEqualTo(job.keys());
        assertThat(backends(deep.json(), "zoo")).containsOnly("rocksdb");

        // The second checkpoint reuses SST files of the first: break one of each kind, and
        // damage a third within its recorded size.
        List<Path> shared = sharedFilesOf(second);
        assertThat(shared).hasSizeGreaterThanOrEqualTo(3);
        Path damaged = shared.get(2);
        flipBytes(damaged, Files.size(damaged) / 3, 16);
        CliRun plainAfterDamage = CliRun.of("verify", "--json", second);
        assertThat(plainAfterDamage.exitCode)
                .as(plainAfterDamage.toString())
                .isEqualTo(ExitCode.OK);
        CliRun deepAfterDamage = CliRun.of("verify", "--deep", "--json", "--uid", uids, second);
        assertThat(deepAfterDamage.exitCode)
                .as(deepAfterDamage.toString())
                .isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(deepAfterDamage.json().get("restoreFailures").asInt()).isEqualTo(1);
        JsonNode failed = failedRestores(deepAfterDamage.json()).get(0);
        assertThat(failed.get("uid").asText()).isEqualTo("zoo");
        assertThat(failed.get("part").asText()).isEqualTo("keyed state");
        assertThat(failed.get("error").asText())
                .contains("checksum mismatch", "restored from file:" + damaged.toUri().getPath());

        Path deleted = shared.get(0);
        Path truncated = shared.get(1);
        Files.delete(deleted);
        try (RandomAccessFile file = new RandomAccessFile(truncated.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        CliRun broken = CliRun.of("verify", "--json", "--uid", uids, second);
        assertThat(broken.exitCode).as(broken.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        JsonNode problems = broken.json().get("problems");
        assertThat(problems).hasSize(2);
        for (JsonNode problem : problems) {
            assertThat(problem.get("uid").asText()).isEqualTo("zoo");
            assertThat(problem.get("holds").asText()).isEqualTo("shared keyed state (RocksDB SST)");
            assertThat(names(problem.get("states")))
                    .contains("count", "recent", "buckets", "sum", "average");
        }
        JsonNode missing = find(problems, deleted);
        assertThat(missing.get("problem").asText()).isEqualTo("missing");
        assertThat(missing.get("actualBytes").isNull()).isTrue();
        JsonNode shortFile = find(problems, truncated);
        assertThat(shortFile.get("problem").asText()).isEqualTo("short");
        assertThat(shortFile.get("actualBytes").asLong())
                .isEqualTo(shortFile.get("expectedBytes").asLong() / 2);

        CliRun table = CliRun.of("verify", "--uid", uids, second);
        assertThat(table.exitCode).isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(table.out)
                .contains(
                        "2 problems", "missing", "short", "zoo", deleted.getFileName().toString());

        // A native savepoint's files are relative to its folder: it verifies after a move, and a
        // file deleted there is missing at the new place.
        Path moved = tmp.resolve("moved-savepoint");
        Files.move(Path.of(URI.create(savepoint)), moved);
        CliRun relocated = CliRun.of("verify", "--json", moved.toString());
        assertThat(relocated.exitCode).as(relocated.toString()).isEqualTo(ExitCode.OK);
        Path inSavepoint;
        try (Stream<Path> files = Files.list(moved)) {
            inSavepoint =
                    files.filter(f -> !f.getFileName().toString().equals("_metadata"))
                            .findFirst()
                            .orElseThrow();
        }
        Files.delete(inSavepoint);
        CliRun afterDelete = CliRun.of("verify", "--json", moved.toString());
        assertThat(afterDelete.exitCode).isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(afterDelete.json().get("problems").get(0).get("path").asText())
                .endsWith(moved.getFileName() + "/" + inSavepoint.getFileName());
        assertThat(first).isNotEqualTo(second);
    }

    /**
     * A heap checkpoint whose state holds a POJO of the job's own (in a folder of its own, not on
     * the tests' classpath): deep verify names the class without {@code --classpath} and restores
     * every state with it; a key group damaged within the file's recorded size passes the plain
     * check and fails the deep one.
     */
    @Test
    void deepRestoreNeedsTheJobsClassesAndCatchesDamagedState(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Path classes = UserClasses.compilePojo(tmp.resolve("user-job"));
        StateZooJob job =
                new StateZooJob("verify-user", 10_000_000, 2_000, 10_000, tmp.resolve("heap"))
                        .withUserType(classes, UserClasses.POJO);
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        String checkpoint;
        try {
            checkpoints.await(() -> job.counted() >= 4_000);
            checkpoint = checkpoints.checkpoint();
        } finally {
            checkpoints.cancel();
        }
        String uids = String.join(",", StateZooJob.UIDS);
        CliRun plain = CliRun.of("verify", "--json", checkpoint);
        assertThat(plain.exitCode).as(plain.toString()).isEqualTo(ExitCode.OK);

        CliRun withoutClasses = CliRun.of("verify", "--deep", "--uid", uids, checkpoint);
        assertThat(withoutClasses.exitCode)
                .as(withoutClasses.toString())
                .isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(withoutClasses.out)
                .contains("FAILED", "class " + UserClasses.POJO + " is not on the classpath");
        JsonNode failures =
                CliRun.of("verify", "--deep", "--json", "--uid", uids, checkpoint).json();
        // Both subtasks of zoo hold the state; nothing else fails.
        assertThat(failedRestores(failures))
                .hasSize(2)
                .allSatisfy(
                        r -> {
                            assertThat(r.get("uid").asText()).isEqualTo("zoo");
                            assertThat(r.get("error").asText()).contains(UserClasses.POJO);
                        });

        CliRun withClasses =
                CliRun.of(
                        "verify",
                        "--deep",
                        "--json",
                        "--uid",
                        uids,
                        "--classpath",
                        classes.toString(),
                        checkpoint);
        assertThat(withClasses.exitCode).as(withClasses.toString()).isEqualTo(ExitCode.OK);
        JsonNode restored = withClasses.json();
        assertThat(backends(restored, "zoo")).containsOnly("heap");
        assertThat(keyedKeys(restored, "zoo", "user")).isEqualTo(job.keys());
        assertThat(keyedKeys(restored, "zoo", "count")).isEqualTo(job.keys());
        assertThat(restored.toString()).contains("\"pending\"", "\"seen\"", "\"rules\"");

        // Damage the first key group of subtask 0's keyed state file: same size, wrong bytes.
        KeyGroupsStateHandle keyed = heapKeyedHandle(checkpoint, "zoo", 0);
        Path file =
                Path.of(((FileStateHandle) keyed.getDelegateStateHandle()).getFilePath().toUri());
        flipBytes(file, keyed.getOffsetForKeyGroup(keyed.getKeyGroupRange().getStartKeyGroup()), 4);
        CliRun plainAfterDamage = CliRun.of("verify", "--json", checkpoint);
        assertThat(plainAfterDamage.exitCode)
                .as(plainAfterDamage.toString())
                .isEqualTo(ExitCode.OK);
        CliRun deepAfterDamage =
                CliRun.of(
                        "verify",
                        "--deep",
                        "--json",
                        "--uid",
                        uids,
                        "--classpath",
                        classes.toString(),
                        checkpoint);
        assertThat(deepAfterDamage.exitCode)
                .as(deepAfterDamage.toString())
                .isEqualTo(ExitCode.PROBLEM_FOUND);
        List<JsonNode> damaged = failedRestores(deepAfterDamage.json());
        assertThat(damaged).hasSize(1);
        assertThat(damaged.get(0).get("uid").asText()).isEqualTo("zoo");
        assertThat(damaged.get(0).get("subtask").asInt()).isZero();
    }

    private static void flipBytes(Path file, long at, int count) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] bytes = new byte[count];
            raf.seek(at);
            raf.readFully(bytes);
            for (int i = 0; i < count; i++) {
                bytes[i] ^= (byte) 0xFF;
            }
            raf.seek(at);
            raf.write(bytes);
        }
    }

    private static List<JsonNode> failedRestores(JsonNode report) {
        List<JsonNode> failed = new ArrayList<>();
        for (JsonNode restore : report.get("restores")) {
            if (!restore.get("restored").asBoolean()) {
                failed.add(restore);
            }
        }
        return failed;
    }

    private static Set<String> backends(JsonNode report, String uid) {
        Set<String> backends = new TreeSet<>();
        for (JsonNode restore : report.get("restores")) {
            if (restore.get("uid").asText().equals(uid)
                    && restore.get("part").asText().equals("keyed state")) {
                backends.add(restore.get("backend").asText());
            }
        }
        return backends;
    }

    /** Keys of keyed state {@code state} read back from every restored subtask of {@code uid}. */
    static long keyedKeys(JsonNode report, String uid, String state) {
        long entries = 0;
        for (JsonNode restore : report.get("restores")) {
            if (restore.get("uid").asText().equals(uid)) {
                for (JsonNode restored : restore.get("states")) {
                    if (restored.get("name").asText().equals(state)) {
                        entries += restored.get("keys").asLong();
                    }
                }
            }
        }
        return entries;
    }

    private static KeyGroupsStateHandle heapKeyedHandle(String checkpoint, String uid, int subtask)
            throws Exception {
        CheckpointMetadata metadata = load(checkpoint);
        for (OperatorState operator : metadata.getOperatorStates()) {
            if (operator.getOperatorID().equals(OperatorUids.hash(uid))) {
                return (KeyGroupsStateHandle)
                        operator.getState(subtask).getManagedKeyedState().iterator().next();
            }
        }
        throw new AssertionError("no operator " + uid + " in " + checkpoint);
    }

    private static CheckpointMetadata load(String checkpoint) throws Exception {
        Path metadataFile = Path.of(URI.create(checkpoint)).resolve("_metadata");
        try (DataInputStream in = new DataInputStream(Files.newInputStream(metadataFile))) {
            return Checkpoints.loadCheckpointMetadata(
                    in, VerifyCommandITCase.class.getClassLoader(), checkpoint);
        }
    }

    /** The shared SST files {@code checkpoint} references, as Flink's loader reads them. */
    private static List<Path> sharedFilesOf(String checkpoint) throws Exception {
        Path metadataFile = Path.of(URI.create(checkpoint)).resolve("_metadata");
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(metadataFile))) {
            metadata =
                    Checkpoints.loadCheckpointMetadata(
                            in, VerifyCommandITCase.class.getClassLoader(), checkpoint);
        }
        Set<Path> files = new TreeSet<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                for (KeyedStateHandle keyed : subtask.getManagedKeyedState()) {
                    for (HandleAndLocalPath sst :
                            ((IncrementalRemoteKeyedStateHandle) keyed).getSharedState()) {
                        // Small SST files are inline in the metadata.
                        if (sst.getHandle() instanceof FileStateHandle) {
                            files.add(
                                    Path.of(
                                            ((FileStateHandle) sst.getHandle())
                                                    .getFilePath()
                                                    .toUri()));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(files);
    }

    private static JsonNode find(JsonNode problems, Path file) {
        for (JsonNode problem : problems) {
            if (problem.get("path").asText().endsWith(file.getFileName().toString())) {
                return problem;
            }
        }
        throw new AssertionError("no problem for " + file + " in " + problems);
    }

    private static List<String> names(JsonNode states) {
        List<String> names = new ArrayList<>();
        states.forEach(s -> names.add(s.asText()));
        return names;
    }
}
