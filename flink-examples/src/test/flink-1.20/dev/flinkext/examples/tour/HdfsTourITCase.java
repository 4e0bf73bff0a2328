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
package dev.flinkext.examples.tour;

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;
import dev.flinkext.testing.hdfs.HdfsClusterExtension;
import dev.flinkext.testing.s3proxy.S3ProxyServer;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source material's configurations with their checkpoint directory on a real HDFS (NameNode and
 * DataNode in this JVM, reached through Flink's Hadoop filesystem): each run of the tour's job
 * fails once after a completed checkpoint, restores from HDFS, and every key's five keyed states
 * come out exactly right. The tiered storage keeps its filesystem tier on HDFS and its archive on
 * S3 (s3proxy, with Flink's presto filesystem as a plugin).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HdfsTourITCase {

    @RegisterExtension
    @Order(1)
    static final HdfsClusterExtension HDFS = new HdfsClusterExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster(retainingThree());

    @TempDir static Path dir;

    private static S3ProxyServer s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(dir.resolve("s3"), "flinkext-tour");
        // HDFS.cluster().flinkConfiguration() names the NameNode as Hadoop's fs.defaultFS (as a
        // core-site.xml would), which hdfs:///... paths need; Flink hands flink.hadoop.* on.
        Configuration conf = HDFS.cluster().flinkConfiguration();
        conf.addAll(s3.flinkConfiguration());
        S3Plugin.initializeFileSystems(conf);
    }

    @AfterAll
    static void stop() {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            FileSystem.initialize(new Configuration(), null);
        }
    }

    /**
     * {@code new RocksDBStateBackend("hdfs://…", true)}, {@code new FsStateBackend("hdfs://…")} and
     * {@code EmbeddedRocksDBStateBackend(true)} + {@code setCheckpointStorage("hdfs://…")}.
     */
    @ParameterizedTest
    @EnumSource(
            value = TourConfiguration.class,
            names = {"LEGACY_ROCKSDB_INCREMENTAL", "LEGACY_FILESYSTEM", "ROCKSDB_INCREMENTAL"})
    void inCodeConfigurationsRecoverExactlyFromHdfs(
            TourConfiguration configuration, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String root = HDFS.uri("tour").toString();
        RunReport report =
                new TourRunner(cluster, TourTesting.PARAMS, root, System.out).run(configuration);

        assertExact(report, configuration);
        assertThat(report.restoredFrom()).startsWith(root + "/" + configuration.name() + "/");
        assertThat(existsInHdfs("/tour/" + configuration.name())).isTrue();
    }

    /**
     * The {@code flink-conf.yaml} form: {@code state.backend.type: rocksdb} and {@code
     * execution.checkpointing.dir: hdfs:///…}, the NameNode coming from Hadoop's default
     * filesystem.
     */
    @Test
    void configurationOnlyRocksDbRecoversExactlyFromHdfsDefaultFs(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        TourConfiguration configuration = TourConfiguration.CONFIG_ROCKSDB_INCREMENTAL;
        RunReport report =
                new TourRunner(cluster, TourTesting.PARAMS, "hdfs:///tour-default-fs", System.out)
                        .run(configuration);

        assertExact(report, configuration);
        assertThat(report.restoredFrom())
                .startsWith("hdfs:/tour-default-fs/" + configuration.name() + "/");
        assertThat(existsInHdfs("/tour-default-fs/" + configuration.name())).isTrue();
    }

    /** The tiered storage: memory tier, filesystem tier on HDFS, archive on S3. */
    @Test
    void tieredStorageOnHdfsWithItsArchiveOnS3RecoversExactly(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        TourConfiguration configuration = TourConfiguration.FLINKEXT_TIERED_STORAGE;
        String root = HDFS.uri("tour").toString();
        Configuration archive = new Configuration();
        archive.set(ArchiveOptions.ARCHIVE_DIR, s3.uri("archive").toString());
        archive.set(TieredCheckpointStorageOptions.INLINE_THRESHOLD, MemorySize.parse("1kb"));
        RunReport report =
                new TourRunner(cluster, TourTesting.PARAMS, root, System.out)
                        .run(configuration, archive);

        assertExact(report, configuration);
        assertThat(report.restoredFrom()).startsWith(root + "/" + configuration.name() + "/");
        assertThat(existsInHdfs("/tour/" + configuration.name())).isTrue();
        // At least one completed checkpoint copied to S3 whole: its _metadata is written last.
        Path archived = s3.bucketDirectory().resolve("archive");
        CommonTestUtils.waitUntilCondition(() -> archivedMetadataFiles(archived) > 0);
    }

    /**
     * Three retained checkpoints: the archive copies a completed checkpoint to S3 while the job
     * goes on, and with one retained a slow copy (a loaded machine) loses its files to the next
     * checkpoint every time, so no archive ever completes (the archiver's warning says as much).
     */
    private static Configuration retainingThree() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        return conf;
    }

    private static void assertExact(RunReport report, TourConfiguration configuration) {
        assertThat(report.problems()).isEmpty();
        assertThat(report.verifiedKeys()).isEqualTo(TourTesting.PARAMS.keys());
        assertThat(report.verified()).isTrue();
        assertThat(report.recovery()).as("a failure was injected and recovered").isNotNull();
        assertThat(report.restoredBytes()).isGreaterThan(report.lastFullBytes() / 4);
        assertThat(new String[] {report.stateBackend(), report.checkpointStorage()})
                .containsExactly(TourConfigurationITCase.RESOLVED.get(configuration));
    }

    /**
     * Whether {@code folder} is in HDFS, as HDFS itself sees it. (The files are gone by now: Flink
     * discards a finished job's checkpoints; the restore above read one of them from HDFS.)
     */
    private static boolean existsInHdfs(String folder) throws IOException {
        return HDFS.cluster()
                .miniDfsCluster()
                .getFileSystem()
                .exists(new org.apache.hadoop.fs.Path(folder));
    }

    private static long archivedMetadataFiles(Path archiveRoot) throws IOException {
        if (!Files.isDirectory(archiveRoot)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(archiveRoot)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata")).count();
        }
    }
}
