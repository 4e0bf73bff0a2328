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
package dev.flinkext.checkpoint.tiered.testing;

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory;
import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.time.Duration;

/**
 * A JobManager JVM of its own for tests that watch it from outside (a metrics agent, a scrape): a
 * MiniCluster running one job on the tiered storage with an archive on the flaky filesystem, which
 * fails every archive. Runs until its standard input closes (the test, or the test JVM, ended) or
 * {@link #MAX_LIFETIME} passed, so that it never outlives the test that started it.
 *
 * <p>Arguments: the checkpoint directory, the archive directory (a local path).
 */
public final class JobManagerWithFailingArchive {

    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    /** Printed once the job runs, with its id. */
    public static final String RUNNING = "job running: ";

    private JobManagerWithFailingArchive() {}

    public static void main(String[] args) throws Exception {
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                TieredCheckpointStorageFactory.class.getName());
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file://" + args[0]);
        conf.set(ArchiveOptions.ARCHIVE_DIR, FlakyFileSystem.SCHEME + "://" + args[1]);
        // Everything spills, so that every archive copies files and the flaky filesystem breaks it.
        conf.set(TieredCheckpointStorageOptions.MEMORY_BUDGET, MemorySize.ZERO);
        FlakyFileSystem.failing(true);
        Configuration cluster = new Configuration();
        // Any free port: another Flink on this machine must not stop this one.
        cluster.set(RestOptions.BIND_PORT, "0");
        MiniCluster miniCluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(cluster)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build());
        miniCluster.start();
        JobID id =
                new CountingJob("jobmanager-process", Long.MAX_VALUE, 10, 1_000)
                        .backend("hashmap")
                        .set(conf)
                        .submit(miniCluster);
        System.out.println(RUNNING + id);
        Thread lifetime =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(MAX_LIFETIME.toMillis());
                            } catch (InterruptedException ignored) {
                                Thread.currentThread().interrupt();
                            }
                            Runtime.getRuntime().halt(3);
                        });
        lifetime.setDaemon(true);
        lifetime.start();
        while (System.in.read() >= 0) {
            // Runs until the parent closes standard input.
        }
        Runtime.getRuntime().halt(0);
    }
}
