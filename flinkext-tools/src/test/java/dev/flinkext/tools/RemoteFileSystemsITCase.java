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

import dev.flinkext.testing.hdfs.HdfsCluster;
import dev.flinkext.testing.hdfs.HdfsClusterExtension;
import dev.flinkext.testing.s3proxy.S3ProxyServer;
import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.testing.CliRun;
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle.HandleAndLocalPath;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line on a real HDFS (NameNode and DataNode in this JVM) and on S3 (s3proxy, with
 * Flink's presto filesystem loaded as a plugin from {@code $FLINK_PLUGINS_DIR}), configured only by
 * {@code -D} options as a user gives them: a job writes RocksDB incremental checkpoints there;
 * {@code inspect}'s totals are Flink's statistics, {@code diff} and {@code history} read them,
 * {@code verify} passes and then catches a deleted shared file, {@code orphans} finds a planted
 * file; and {@code bin/flinkext} (the executable jar) reads both, HDFS with the Hadoop client on
 * {@code HADOOP_CLASSPATH} and S3 from the plugin.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RemoteFileSystemsITCase {

    @RegisterExtension
    @Order(1)
    static final HdfsClusterExtension HDFS = new HdfsClusterExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(clusterConfiguration());

    @TempDir static java.nio.file.Path tmp;

    /**
     * The tools' cluster, with streams above 1 KiB written as files rather than inline in {@code
     * _metadata} (the storage reads this from the cluster's configuration): the SST files of a few
     * hundred keys are then shared files, as in a real job's checkpoints.
     */
    private static MiniClusterResourceConfiguration clusterConfiguration() {
        MiniClusterResourceConfiguration tools = ToolsCluster.configuration(3);
        Configuration conf = new Configuration(tools.getConfiguration());
        conf.set(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD, MemorySize.parse("1kb"));
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(tools.getNumberTaskManagers())
                .setNumberSlotsPerTaskManager(tools.getNumberSlotsPerTaskManager())
                .build();
    }

    private static S3ProxyServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(tmp.resolve("s3"), "flinkext-tools");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** The jobs write through both; each command run initializes the filesystems anew. */
    @BeforeEach
    void initializeFileSystems() {
        Configuration conf = HDFS.cluster().flinkConfiguration();
        conf.addAll(s3.flinkConfiguration());
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    }

    @Test
    void theToolsWorkOnHdfs(@InjectMiniCluster MiniCluster cluster) throws Exception {
        HdfsCluster hdfs = HDFS.cluster();
        // hdfs:///… with the NameNode given as Hadoop's default filesystem, as a user without a
        // core-site.xml would.
        List<String> options = List.of("-D", "flink.hadoop.fs.defaultFS=" + hdfs.nameNodeUri());
        String written =
                writeCheckpointsAndCheckTheTools(
                        cluster,
                        hdfs.uri("tools").toString(),
                        options,
                        // The paths as such a user writes them.
                        p -> p.replace(hdfs.nameNodeUri().toString(), "hdfs://"));
        assertThat(written).startsWith("hdfs:///tools/");
    }

    @Test
    void theToolsWorkOnS3(@InjectMiniCluster MiniCluster cluster) throws Exception {
        List<String> options = new ArrayList<>();
        new TreeMap<>(s3.flinkConfiguration().toMap())
                .forEach(
                        (key, value) -> {
                            options.add("-D");
                            options.add(key + "=" + value);
                        });
        String written =
                writeCheckpointsAndCheckTheTools(
                        cluster, s3.uri("tools").toString(), options, p -> p);
        assertThat(written).startsWith("s3://flinkext-tools/tools/");
        // The executable jar, presto from $FLINK_PLUGINS_DIR (which surefire sets).
    }

    /**
     * Runs a RocksDB incremental job checkpointing under {@code root}, takes two checkpoints and
     * runs every command on them with {@code options} and the paths as {@code asGiven} writes them;
     * returns the second checkpoint's folder, as given.
     */
    private static String writeCheckpointsAndCheckTheTools(
            MiniCluster cluster, String root, List<String> options, UnaryOperator<String> asGiven)
            throws Exception {
        String run = "remote-" + URI.create(root).getScheme();
        StateZooJob job =
                new StateZooJob(run, 10_000_000, 500, 5_000, root + "/checkpoints")
                        .backend("rocksdb-incremental");
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        String first;
        String second;
        JobCheckpoints.Figures flink;
        try {
            checkpoints.await(() -> job.counted() >= 1_000);
            first = asGiven.apply(checkpoints.checkpoint());
            checkpoints.await(() -> job.counted() >= 2_000);
            second = asGiven.apply(checkpoints.checkpoint());
            flink = checkpoints.figures(idOf(second));
        } finally {
            checkpoints.cancel();
        }
        String jobFolder = second.substring(0, second.lastIndexOf('/'));
        String uids = String.join(",", StateZooJob.UIDS);

        // inspect: the totals are Flink's own statistics (without the coordinators' state, which
        // Flink's task statistics leave out).
        JsonNode inspect = cli(options, "inspect", "--json", "--uid", uids, second).json();
        assertThat(inspect.get("checkpointId").asLong()).isEqualTo(idOf(second));
        long coordinators = 0;
        for (JsonNode operator : inspect.get("operators")) {
            coordinators += operator.get("coordinatorBytes").asLong();
            assertThat(
                            operator.get("sizeBytes").asLong()
                                    - operator.get("coordinatorBytes").asLong())
                    .isEqualTo(flink.stateSizePerVertex.get(operator.get("uidHash").asText()));
        }
        assertThat(inspect.get("totalSizeBytes").asLong() - coordinators)
                .isEqualTo(flink.stateSize);

        // diff: the second checkpoint reuses files of the first; history lists both.
        JsonNode diff =
                cli(options, "diff", "--json", "--skip-state-sizes", "--uid", uids, first, second)
                        .json();
        assertThat(diff.get("reusedStreams").asInt()).isPositive();
        assertThat(diff.get("addedBytes").asLong() - coordinators)
                .isEqualTo(flink.checkpointedSize);
        JsonNode history =
                cli(options, "history", "--json", "--skip-state-sizes", "--uid", uids, jobFolder)
                        .json();
        List<Long> ids = new ArrayList<>();
        history.get("snapshots")
                .forEach(s -> ids.add(s.get("report").get("checkpointId").asLong()));
        assertThat(ids).contains(idOf(first), idOf(second));

        // orphans: a file planted in shared/ that no _metadata references.
        Path planted = new Path(jobFolder + "/shared/planted-by-test");
        try (FSDataOutputStream out =
                planted.getFileSystem().create(planted, FileSystem.WriteMode.OVERWRITE)) {
            out.write("not referenced".getBytes(StandardCharsets.UTF_8));
        }
        CliRun orphans = cli(options, "orphans", "--json", "--older-than", "0ms", jobFolder);
        assertThat(orphans.exitCode).as(orphans.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        List<String> orphanPaths = new ArrayList<>();
        orphans.json().get("orphans").forEach(o -> orphanPaths.add(o.get("path").asText()));
        assertThat(orphanPaths).anyMatch(p -> p.endsWith("/shared/planted-by-test"));
        assertThat(orphans.json().get("referencedFiles").asInt()).isPositive();

        // verify: intact, then a shared file the second checkpoint references is deleted.
        CliRun intact = cli(options, "verify", "--json", second);
        assertThat(intact.exitCode).as(intact.toString()).isEqualTo(ExitCode.OK);
        Path shared = sharedFilesOf(second).get(0);
        assertThat(shared.getFileSystem().delete(shared, false)).isTrue();
        CliRun broken = cli(options, "verify", "--json", second);
        assertThat(broken.exitCode).as(broken.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        JsonNode problems = broken.json().get("problems");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).get("problem").asText()).isEqualTo("missing");
        assertThat(problems.get(0).get("path").asText()).endsWith(shared.getName());
        return second;
    }

    private static CliRun cli(List<String> options, String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(options);
        all.addAll(List.of(args));
        CliRun run = CliRun.of(all.toArray(new String[0]));
        assertThat(run.exitCode).as(run.toString()).isIn(ExitCode.OK, ExitCode.PROBLEM_FOUND);
        return run;
    }

    private static long idOf(String checkpoint) {
        return Long.parseLong(checkpoint.substring(checkpoint.lastIndexOf('-') + 1));
    }

    /**
     * The shared SST files (not inline) {@code checkpoint} references, read with Flink's loader.
     */
    private static List<Path> sharedFilesOf(String checkpoint) throws Exception {
        Path metadataFile = new Path(checkpoint, "_metadata");
        CheckpointMetadata metadata;
        try (DataInputStream in =
                new DataInputStream(metadataFile.getFileSystem().open(metadataFile))) {
            metadata =
                    Checkpoints.loadCheckpointMetadata(
                            in, RemoteFileSystemsITCase.class.getClassLoader(), checkpoint);
        }
        List<Path> files = new ArrayList<>();
        for (OperatorState operator : metadata.getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getSubtaskStates().values()) {
                for (KeyedStateHandle keyed : subtask.getManagedKeyedState()) {
                    for (HandleAndLocalPath sst :
                            ((IncrementalRemoteKeyedStateHandle) keyed).getSharedState()) {
                        if (sst.getHandle() instanceof FileStateHandle) {
                            files.add(((FileStateHandle) sst.getHandle()).getFilePath());
                        }
                    }
                }
            }
        }
        assertThat(files).isNotEmpty();
        return files;
    }
}
