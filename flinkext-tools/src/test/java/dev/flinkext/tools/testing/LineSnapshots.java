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
package dev.flinkext.tools.testing;

import dev.flinkext.tools.common.ExitCode;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a real snapshot with this line's Flink, for the launcher's tests (flinkext-cli), which
 * start this class in a JVM of each line: a RocksDB incremental checkpoint of {@link StateZooJob}
 * on a MiniCluster, its path in {@code checkpoint.txt}, and what this line's command line reads in
 * it ({@code inspect --json --uid …}) in {@code inspect.json}.
 *
 * <p>Usage: {@code LineSnapshots FOLDER [BACKEND [KEYS [kryo]]]}, BACKEND as {@link
 * StateZooJob#backend} takes it (default {@code rocksdb-incremental}), KEYS the job's number of
 * keys (default 50); {@code kryo} adds {@link StateZooJob#withKryoStates} and a canonical savepoint
 * of the same job, its path in {@code savepoint.txt} (for {@code flinkext upgrade}'s tests, which
 * need state Flink 1.20 wrote). The worked examples in docs/tools.md come from such runs.
 */
public final class LineSnapshots {

    private LineSnapshots() {}

    /** Writers of both lines run side by side: neither may take the default REST port. */
    private static Configuration restOnAnyFreePort() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        return conf;
    }

    public static void main(String[] args) {
        try {
            write(
                    Path.of(args[0]),
                    args.length > 1 ? args[1] : "rocksdb-incremental",
                    args.length > 2 ? Integer.parseInt(args[2]) : 50,
                    args.length > 3 && args[3].equals("kryo"));
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        // The MiniCluster's threads may linger; the snapshot is written.
        System.exit(0);
    }

    private static void write(Path folder, String backend, int keys, boolean kryo)
            throws Exception {
        Files.createDirectories(folder);
        MiniClusterConfiguration configuration =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(restOnAnyFreePort())
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(2)
                        .build();
        String checkpoint;
        try (MiniCluster cluster = new MiniCluster(configuration)) {
            cluster.start();
            StateZooJob job =
                    new StateZooJob(
                                    "line-snapshots",
                                    10_000_000,
                                    keys,
                                    4000,
                                    folder.resolve("checkpoints"))
                            .backend(backend);
            if (kryo) {
                job.withKryoStates();
            }
            JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
            try {
                checkpoints.await(() -> job.counted() >= 8L * keys);
                checkpoint = checkpoints.checkpoint();
                if (kryo) {
                    String savepoint =
                            checkpoints.savepoint(
                                    folder.resolve("savepoints"), SavepointFormatType.CANONICAL);
                    Files.writeString(
                            folder.resolve("savepoint.txt"), savepoint, StandardCharsets.UTF_8);
                }
            } finally {
                checkpoints.cancel();
            }
        }
        CliRun inspect =
                CliRun.of(
                        "inspect",
                        "--json",
                        "--uid",
                        String.join(",", StateZooJob.UIDS),
                        checkpoint);
        if (inspect.exitCode != ExitCode.OK) {
            throw new AssertionError("inspect of " + checkpoint + " failed: " + inspect);
        }
        Files.writeString(folder.resolve("checkpoint.txt"), checkpoint, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("inspect.json"), inspect.out, StandardCharsets.UTF_8);
    }
}
