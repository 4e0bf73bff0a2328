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
package dev.flinkext.checkpoint.tiered;

import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;
import dev.flinkext.checkpoint.tiered.archive.TieredCheckpointStats;
import dev.flinkext.checkpoint.tiered.testing.CountingJob;
import dev.flinkext.checkpoint.tiered.testing.Jobs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.apache.flink.util.function.SupplierWithException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety net, on a cluster without the job-end hook ({@link JobEndHookITCase} has it): what the
 * tiered storage keeps per job on the JobManager (its figures, their JMX bean, its threads) goes
 * once the ended job's checkpoint coordinator is garbage, and with the pack inside the job jar
 * nothing keeps the finished job's user class loader reachable. The JobManager warns once that it
 * has no hook.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
// Left to the 1.20 run on the 2.x line (docs/flink-lines.md): it runs code both lines share,
// while the 2.x line's ITCases are the ones through the code that differs (the archive's
// SnapshotCopier adapter: ArchiveITCase, FailingArchiveITCase). It passes on 2.x too.
@Tag("left-to-flink-1.20")
class FinishedJobsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(CountingJob.clusterConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension
    final LoggerAuditingExtension hookWarnings =
            new LoggerAuditingExtension(JobEndHookCheck.class, Level.WARN);

    @TempDir Path dir;

    private Configuration tieredWithArchive() {
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINT_STORAGE,
                TieredCheckpointStorageFactory.class.getName());
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(ArchiveOptions.ARCHIVE_DIR, dir.resolve("archive").toUri().toString());
        return conf;
    }

    @Test
    void withThePackInTheJobJarTheFinishedJobsClassLoaderIsCollected(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        CountingJob job =
                new CountingJob("in-job-jar", 1_000_000, 10, 2_000)
                        .backend("hashmap")
                        .set(tieredWithArchive())
                        .withJar(packJar());
        JobID id = job.submit(cluster);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName bean = TieredCheckpointStats.objectName(id);
        CommonTestUtils.waitUntilCondition(() -> server.isRegistered(bean));
        ClassLoader userCode = server.getClassLoaderFor(bean);
        // Child-first: the JobManager loaded the storage from the job jar, not from this JVM's.
        assertThat(userCode).isNotSameAs(TieredCheckpointStats.class.getClassLoader());
        assertThat(userCode.loadClass(TieredCheckpointStats.class.getName()))
                .isNotSameAs(TieredCheckpointStats.class);
        WeakReference<ClassLoader> loader = new WeakReference<>(userCode);
        userCode = null;

        cluster.cancelJob(id).get();
        assertThat(Jobs.awaitFinalStatus(cluster, id)).isEqualTo(JobStatus.CANCELED);
        awaitReleased(() -> !server.isRegistered(bean) && loader.get() == null);
        // The job's copy of the pack (child-first) started its monitor without a hook, and said so.
        assertThat(hookWarnings.getMessages())
                .singleElement()
                .asString()
                .contains("without a job-end hook", JobEndHookCheck.DOCS);
    }

    /** Collects garbage until {@code released} holds (the test's timeout bounds the wait). */
    private static void awaitReleased(SupplierWithException<Boolean, Exception> released)
            throws Exception {
        CommonTestUtils.waitUntilCondition(
                () -> {
                    System.gc();
                    return released.get();
                },
                200L);
    }

    /** The storage's classes as a job jar, as a user who bundles the pack ships them. */
    private Path packJar() throws Exception {
        Path classes =
                Path.of(
                        TieredCheckpointStorage.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        Path jar = dir.resolve("job-with-pack.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> entries = Files.walk(classes)) {
            for (Path entry : (Iterable<Path>) entries.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(entry).toString()));
                Files.copy(entry, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
