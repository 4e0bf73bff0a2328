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
package dev.flinkext.dist;

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;
import dev.flinkext.dist.testing.JobEndHook;
import dev.flinkext.dist.testing.JvmProbe;
import dev.flinkext.dist.testing.TourOnCluster;
import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory;
import dev.flinkext.testing.cluster.ClusterJobs;
import dev.flinkext.testing.cluster.FlinkProcess;
import dev.flinkext.testing.cluster.ProcessCluster;
import dev.flinkext.testing.cluster.ProcessClusterExtension;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointStatistics;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes of a real cluster killed with {@code kill -9} while the tour's job runs (the pack in
 * the cluster's lib/, the job jar without it): a TaskManager after a completed checkpoint (the job
 * restarts on the surviving and a newly started TaskManager), a TaskManager during a checkpoint,
 * and the JobManager (no HA: a new JobManager, the job resubmitted from its latest checkpoint).
 * Every run ends with every key's result exact. One cluster for all of them, with the tiered
 * storage's job-end hook: after ten short jobs the session JobManager holds nothing of theirs
 * without a garbage collection. The scenarios not tagged {@value #LEFT_TO_FLINK_1_20} run on the
 * Flink 2.x line too (flink2/flinkext-dist: a Flink 2.3 cluster, the 2.x lib/ jar): a TaskManager
 * killed after a completed checkpoint, instrumented heap and instrumented incremental RocksDB, both
 * on the tiered storage, and the ten short jobs that leave no bean on the session JobManager.
 */
class ClusterFailureITCase {

    /**
     * The scenarios the 2.x line leaves to the 1.20 run (docs/flink-lines.md): they pass on a Flink
     * 2.3 cluster too, but the ones above cover what differs there (the 2.x lib/ jar, loaded by the
     * JobManager and the TaskManagers, with both instrumented backends on the tiered storage), and
     * each scenario restarts processes of the suite's one cluster.
     */
    static final String LEFT_TO_FLINK_1_20 = "left-to-flink-1.20";

    /** The jobs a session JobManager runs before it must hold no bean of theirs. */
    private static final int SHORT_JOBS = 10;

    /** A short job: 2,000 events, then one checkpoint before the input ends. */
    private static final String[] SHORT = TourOnCluster.args(2_000, TourOnCluster.RATE, 1);

    /**
     * How long the JobManager may take after a job's end is visible to the client (as in the
     * storage's JobEndHookITCase): far below the storage's thread idle timeout (30 s).
     */
    private static final Duration RELEASED_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final ProcessClusterExtension CLUSTER =
            new ProcessClusterExtension(
                    cluster ->
                            packKeys(JobEndHook.on(cluster.libJar(TourOnCluster.distJar())))
                                    .set(
                                            CheckpointingOptions.CHECKPOINTING_INTERVAL,
                                            Duration.ofMillis(300))
                                    .set(
                                            CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                                            cluster.home()
                                                    .resolve("checkpoints")
                                                    .toUri()
                                                    .toString()));

    /**
     * The backend and the storage named by {@code conf/config.yaml} alone (the job sets nothing).
     * Also: the pack's factories load from lib/ on the JobManager and the TaskManagers.
     */
    @Test
    void instrumentedHeapWithTieredStorage() throws Exception {
        killATaskManagerAfterACheckpoint("instrumented heap + tiered", new Configuration(), true);
    }

    @Test
    void instrumentedIncrementalRocksDBWithTieredStorage() throws Exception {
        killATaskManagerAfterACheckpoint(
                "instrumented RocksDB incremental + tiered",
                config(InstrumentedRocksDBStateBackendFactory.class.getName(), true),
                false);
    }

    @Test
    @Tag(LEFT_TO_FLINK_1_20)
    void plainRocksDBWithTieredStorageAndArchive() throws Exception {
        Path archive = CLUSTER.cluster().home().resolve("archive");
        Configuration config = config("rocksdb", false);
        config.set(ArchiveOptions.ARCHIVE_DIR, archive.toUri().toString());
        killATaskManagerAfterACheckpoint("plain RocksDB + tiered + archive", config, false);
        try (Stream<Path> archived = Files.walk(archive)) {
            assertThat(archived.filter(p -> p.getFileName().toString().equals("_metadata")))
                    .as("archived checkpoints in " + archive)
                    .isNotEmpty();
        }
    }

    /**
     * A TaskManager killed while a checkpoint is in flight: that checkpoint never completes, the
     * job recovers from the one before, exact.
     */
    @Test
    @Tag(LEFT_TO_FLINK_1_20)
    void taskManagerDyingDuringACheckpoint() throws Exception {
        ProcessCluster cluster = CLUSTER.cluster();
        ClusterJobs jobs = CLUSTER.jobs();
        Configuration config = config(InstrumentedRocksDBStateBackendFactory.class.getName(), true);
        JobID job = TourOnCluster.submit(cluster, TourOnCluster.jobJar(), config);
        jobs.awaitCompletedCheckpoints(job, 1, TourOnCluster.TIMEOUT);
        long inFlight = -1;
        long deadline = System.nanoTime() + TourOnCluster.TIMEOUT.toNanos();
        while (inFlight < 0 && System.nanoTime() < deadline) {
            for (CheckpointStatistics checkpoint : jobs.checkpoints(job).getHistory()) {
                if (checkpoint.getStatus().isInProgress()) {
                    inFlight = checkpoint.getId();
                }
            }
            Thread.sleep(10);
        }
        assertThat(inFlight).as("a checkpoint seen in flight").isPositive();
        long killedAt = System.nanoTime();
        FlinkProcess killed = cluster.killTaskManager(0);
        cluster.startTaskManager();
        Duration running = jobs.awaitRecovery(job, killedAt, TourOnCluster.TIMEOUT);
        long failed = inFlight;
        assertThat(jobs.checkpoints(job).getHistory())
                .as("checkpoint %s, in flight when %s died", failed, killed)
                .filteredOn(checkpoint -> checkpoint.getId() == failed)
                .allSatisfy(
                        checkpoint -> assertThat(checkpoint.getStatus().isCompleted()).isFalse());
        TourOnCluster.assertExact(jobs, job);
        report("TaskManager killed during checkpoint " + failed, running, killedAt);
        cluster.awaitTaskManagers(2);
    }

    /**
     * A session JobManager that ran {@link #SHORT_JOBS} short jobs on the tiered storage, two at a
     * time (the cluster's four slots), holds none of their beans or threads once they ended, with
     * no garbage collection asked for: the cluster's {@code config.yaml} has the line's job-end
     * hook ({@link JobEndHook}), and the JobManager logged no warning of a missing one. Each job
     * completed a checkpoint, so each had its bean. Without the hook (measured with the key
     * removed) the jobs' beans and threads stay until a garbage collection, which an idle
     * JobManager does not run: most pairs outlive the wait.
     */
    @Test
    void sessionJobManagerHoldsNoFinishedJobsBeanAfterTenJobs() throws Exception {
        ProcessCluster cluster = CLUSTER.cluster();
        ClusterJobs jobs = CLUSTER.jobs();
        long started = System.nanoTime();
        List<JobID> ended = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < SHORT_JOBS; i += 2) {
            List<JobID> pair =
                    List.of(
                            cluster.submit(TourOnCluster.jobJar(), new Configuration(), SHORT),
                            cluster.submit(TourOnCluster.jobJar(), new Configuration(), SHORT));
            for (JobID job : pair) {
                jobs.result(job, TourOnCluster.TIMEOUT);
                assertThat(jobs.checkpoints(job).getCounts().getNumberCompletedCheckpoints())
                        .as("completed checkpoints of %s (the first registers its bean)", job)
                        .isPositive();
            }
            ended.addAll(pair);
            late.addAll(heldAfterTheWait(cluster, pair));
        }
        assertThat(late)
                .as(
                        "beans and threads on %s that outlived their job by %s (no GC asked for;"
                                + " %d jobs)",
                        cluster.jobManager(), RELEASED_WITHIN, SHORT_JOBS)
                .isEmpty();
        assertThat(JvmProbe.tieredStorageHeldFor(cluster.jobManager(), ended))
                .as("what %s holds of the %d ended jobs", cluster.jobManager(), SHORT_JOBS)
                .isEmpty();
        assertThat(Files.readString(cluster.jobManager().log()))
                .as("%s's log", cluster.jobManager())
                .doesNotContain("without a job-end hook");
        System.out.printf(
                "[cluster] %d short jobs in %d ms; the JobManager holds no bean or thread of"
                        + " theirs%n",
                SHORT_JOBS, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * What the JobManager still holds of {@code jobs} (ended) once they are released or {@link
     * #RELEASED_WITHIN} has passed.
     */
    private static List<String> heldAfterTheWait(ProcessCluster cluster, List<JobID> jobs)
            throws Exception {
        List<String> held = new ArrayList<>();
        try {
            ClusterJobs.waitUntil(
                    "the JobManager holds nothing of " + jobs,
                    RELEASED_WITHIN,
                    () -> {
                        held.clear();
                        held.addAll(JvmProbe.tieredStorageHeldFor(cluster.jobManager(), jobs));
                        return held.isEmpty();
                    },
                    cluster);
        } catch (IllegalStateException stillHeld) {
            // Reported with the others.
        }
        return held;
    }

    static Stream<Arguments> jobManagerKillBackends() {
        return Stream.of(
                Arguments.of(
                        "instrumented heap + tiered",
                        config(InstrumentedHashMapStateBackendFactory.class.getName(), false)),
                Arguments.of(
                        "instrumented RocksDB incremental + tiered",
                        config(InstrumentedRocksDBStateBackendFactory.class.getName(), true)));
    }

    /**
     * {@code kill -9} of the JobManager (no high availability, so the job dies with it); a new
     * JobManager starts, the TaskManagers register with it, and the job is submitted again from its
     * latest completed checkpoint through {@code execution.state-recovery.path}.
     *
     * <p>The first job's input never ends ({@link TourOnCluster#submitWithInputOpen}): a checkpoint
     * taken after the end of input (Flink's final checkpoint of a bounded job) holds the state
     * after the end-of-input timers emitted every summary, and a job restored from it rightly emits
     * nothing (docs/cluster.md; {@code FinalCheckpointRestoreITCase} in flink-examples).
     */
    @ParameterizedTest(name = "{0}")
    @Tag(LEFT_TO_FLINK_1_20)
    @MethodSource("jobManagerKillBackends")
    void jobManagerKilledAndJobResubmittedFromItsLatestCheckpoint(String name, Configuration config)
            throws Exception {
        ProcessCluster cluster = CLUSTER.cluster();
        ClusterJobs jobs = CLUSTER.jobs();
        JobID first = TourOnCluster.submitWithInputOpen(cluster, TourOnCluster.jobJar(), config);
        jobs.awaitCompletedCheckpoints(first, 2, TourOnCluster.TIMEOUT);
        long killedAt = System.nanoTime();
        cluster.killJobManager();
        Path latest = TourOnCluster.latestCheckpoint(cluster.home().resolve("checkpoints"), first);
        cluster.startJobManager();
        cluster.awaitTaskManagers(2);
        Configuration resume = new Configuration(config);
        resume.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.toUri().toString());
        JobID second = TourOnCluster.submit(cluster, TourOnCluster.jobJar(), resume);
        jobs.awaitAllTasksUp(second, TourOnCluster.TIMEOUT);
        Duration running = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(
                        jobs.checkpoints(second)
                                .getLatestCheckpoints()
                                .getRestoredCheckpointStatistics())
                .as("the resubmitted job's restore")
                .isNotNull()
                .satisfies(
                        restored ->
                                assertThat(restored.getExternalPath())
                                        .contains(latest.getFileName().toString()));
        TourOnCluster.assertExact(jobs, second);
        report(
                "JobManager killed, " + name + ", resubmitted from " + latest.getFileName(),
                running,
                killedAt);
        cluster.awaitTaskManagers(2);
    }

    private void killATaskManagerAfterACheckpoint(
            String name, Configuration config, boolean checkClassLoading) throws Exception {
        ProcessCluster cluster = CLUSTER.cluster();
        ClusterJobs jobs = CLUSTER.jobs();
        JobID job = TourOnCluster.submit(cluster, TourOnCluster.jobJar(), config);
        long checkpoint = jobs.awaitCompletedCheckpoints(job, 1, TourOnCluster.TIMEOUT);
        if (checkClassLoading) {
            JvmProbe.assertLoadedWhileRunning(cluster, job);
        }
        long killedAt = System.nanoTime();
        FlinkProcess killed = cluster.killTaskManager(0);
        cluster.startTaskManager();
        Duration running = jobs.awaitRecovery(job, killedAt, TourOnCluster.TIMEOUT);
        assertThat(jobs.checkpoints(job).getCounts().getNumberRestoredCheckpoints())
                .as("restores after %s was killed after checkpoint %s", killed, checkpoint)
                .isPositive();
        TourOnCluster.assertExact(jobs, job);
        report(name, running, killedAt);
        cluster.awaitTaskManagers(2);
        if (checkClassLoading) {
            JvmProbe.assertNothingLeftAfterTheJob(cluster, TourOnCluster.TIMEOUT);
        }
    }

    static void report(String name, Duration running, long killedAt) {
        System.out.printf(
                "[cluster] %s: kill -> RUNNING again %d ms, kill -> results complete and exact %d"
                        + " ms%n",
                name,
                running.toMillis(),
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
    }

    /**
     * The pack's keys in the cluster's {@code conf/config.yaml}: the instrumented heap backend and
     * the tiered storage (a job's own keys override them).
     */
    private static ProcessCluster.Builder packKeys(ProcessCluster.Builder cluster) {
        config(InstrumentedHashMapStateBackendFactory.class.getName(), false)
                .toMap()
                .forEach(cluster::setString);
        return cluster;
    }

    private static Configuration config(String backend, boolean incremental) {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, backend);
        config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, incremental);
        config.set(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                TieredCheckpointStorageFactory.class.getName());
        config.set(TieredCheckpointStorageOptions.MEMORY_BUDGET, MemorySize.parse("64kb"));
        return config;
    }
}
