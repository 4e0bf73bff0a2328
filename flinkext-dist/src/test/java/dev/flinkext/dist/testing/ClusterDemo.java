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
package dev.flinkext.dist.testing;

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.examples.tour.SummaryVerifier;
import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory;
import dev.flinkext.testing.cluster.ClusterJobs;
import dev.flinkext.testing.cluster.FlinkProcess;
import dev.flinkext.testing.cluster.ProcessCluster;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.util.FileUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cluster demo ({@code mvn -B -Pcluster-demo -DskipTests verify -pl flinkext-dist -am}): a
 * JobManager and two TaskManager JVMs with the pack's lib/ jar in their lib/, the tour's job from
 * its job jar, {@code kill -9} of a TaskManager after a completed checkpoint, a new TaskManager,
 * the verified result. Every process it started is stopped at the end.
 *
 * <p>Arguments: {@code -pack <lib jar> -logs <dir> [-records N] [-rate R] [-backend
 * rocksdb|hashmap]}.
 */
public final class ClusterDemo {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private ClusterDemo() {}

    public static void main(String[] args) throws Exception {
        Path pack = null;
        Path logs = Paths.get("target/cluster-demo");
        long records = 60_000;
        long rate = 10_000;
        String backend = "rocksdb";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "-pack" -> pack = Paths.get(args[i + 1]);
                case "-logs" -> logs = Paths.get(args[i + 1]);
                case "-records" -> records = Long.parseLong(args[i + 1]);
                case "-rate" -> rate = Long.parseLong(args[i + 1]);
                case "-backend" -> backend = args[i + 1];
                default ->
                        throw new IllegalArgumentException(
                                "Unknown option "
                                        + args[i]
                                        + "; allowed: -pack, -logs, -records, -rate, -backend");
            }
        }
        if (pack == null || !Files.isRegularFile(pack)) {
            throw new IllegalArgumentException(
                    "-pack must name the lib/ jar (flinkext-dist/target/flinkext-dist-*.jar), got "
                            + pack);
        }
        if (!backend.equals("rocksdb") && !backend.equals("hashmap")) {
            throw new IllegalArgumentException(
                    "-backend must be rocksdb or hashmap, got " + backend);
        }
        System.exit(run(pack, logs, records, rate, backend) ? 0 : 1);
    }

    private static boolean run(Path pack, Path logs, long records, long rate, String backend)
            throws Exception {
        Path home = Files.createTempDirectory("flinkext-cluster-demo");
        ProcessCluster.Builder builder =
                ProcessCluster.builder(home, logs)
                        .libJar(pack)
                        .set(
                                StateBackendOptions.STATE_BACKEND,
                                backend.equals("rocksdb")
                                        ? InstrumentedRocksDBStateBackendFactory.class.getName()
                                        : InstrumentedHashMapStateBackendFactory.class.getName())
                        .set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true)
                        .set(
                                CheckpointingOptions.CHECKPOINT_STORAGE,
                                TieredCheckpointStorageFactory.class.getName())
                        .set(TieredCheckpointStorageOptions.MEMORY_BUDGET, MemorySize.parse("64kb"))
                        .set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500))
                        .set(
                                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                                home.resolve("checkpoints").toUri().toString());
        try (ProcessCluster cluster = builder.build()) {
            System.out.println("Flink home " + home + " with lib/" + pack.getFileName());
            cluster.start();
            System.out.println(
                    "Started "
                            + cluster.jobManager()
                            + " and "
                            + cluster.taskManagers().stream()
                                    .map(FlinkProcess::toString)
                                    .collect(Collectors.joining(", "))
                            + "; logs in "
                            + logs);
            ClusterJobs jobs = new ClusterJobs(cluster);
            JobID job =
                    cluster.submit(
                            TourOnCluster.jobJar(),
                            new Configuration(),
                            TourOnCluster.args(records, rate));
            System.out.println(
                    "Submitted " + TourOnCluster.jobJar().getFileName() + " as job " + job);
            long checkpoint = jobs.awaitCompletedCheckpoints(job, 1, TIMEOUT);
            long killedAt = System.nanoTime();
            FlinkProcess victim = cluster.killTaskManager(0);
            System.out.println(
                    "Checkpoint " + checkpoint + " completed; killed " + victim + " with kill -9");
            System.out.println("Started " + cluster.startTaskManager());
            Duration running = jobs.awaitRecovery(job, killedAt, TIMEOUT);
            System.out.println("Job RUNNING again " + running.toMillis() + " ms after the kill");
            JobExecutionResult result = jobs.result(job, TIMEOUT);
            long done = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
            Integer verified = result.getAccumulatorResult(SummaryVerifier.VERIFIED_KEYS);
            List<String> mismatches = result.getAccumulatorResult(SummaryVerifier.MISMATCHES);
            boolean exact = mismatches.isEmpty() && verified == TourOnCluster.KEYS;
            System.out.printf(
                    "%s: %d of %d keys exact (every record counted once in all five keyed state"
                            + " kinds), results complete %d ms after the kill%n",
                    exact ? "VERIFIED" : "WRONG", verified, TourOnCluster.KEYS, done);
            mismatches.forEach(m -> System.out.println("  " + m));
            return exact;
        } finally {
            FileUtils.deleteDirectoryQuietly(home.toFile());
            System.out.println("Stopped every process of the cluster");
        }
    }
}
