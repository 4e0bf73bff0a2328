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
package dev.flinkext.testing.hdfs;

import org.apache.flink.annotation.Internal;

import org.apache.hadoop.hdfs.DFSConfigKeys;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.client.HdfsClientConfigKeys;
import org.apache.hadoop.hdfs.protocol.DatanodeID;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real HDFS for tests: Hadoop's {@code MiniDFSCluster} with one NameNode and one DataNode on
 * loopback, free ports, its storage under a folder the test gives (e.g. under {@code target/}).
 *
 * <p>Flink reaches it through its own Hadoop filesystem ({@code flink-hadoop-fs}, on the classpath
 * with this module), so {@link #uri(String)} is a path any Flink {@code FileSystem} call,
 * checkpoint directory or archive directory takes:
 *
 * <pre>{@code
 * try (HdfsCluster hdfs = HdfsCluster.start(Path.of("target/hdfs"))) {
 *     String dir = hdfs.uri("checkpoints").toString();   // hdfs://127.0.0.1:<port>/checkpoints
 *     hdfs.stopDataNode();                                // writes of new blocks now fail
 *     hdfs.restartDataNode();                             // ... and work again, same data
 * }
 * }</pre>
 *
 * <p>One DataNode and replication 1: while it is stopped, the NameNode answers (listing, deleting
 * and creating folders work) but no block can be read or written, which is what a storage outage
 * looks like to a job.
 */
@Internal
public final class HdfsCluster implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    /** Flink passes keys with this prefix on to Hadoop's configuration (without the prefix). */
    public static final String HADOOP_PREFIX = "flink.hadoop.";

    private final MiniDFSCluster cluster;
    private final Path baseDir;
    private MiniDFSCluster.DataNodeProperties stoppedDataNode;

    private HdfsCluster(MiniDFSCluster cluster, Path baseDir) {
        this.cluster = cluster;
        this.baseDir = baseDir;
    }

    /** Starts a NameNode and a DataNode with their storage under {@code baseDir}, free ports. */
    public static HdfsCluster start(Path baseDir) throws IOException {
        return start(baseDir, 0);
    }

    /**
     * Starts a NameNode on {@code nameNodePort} of 127.0.0.1 (0: a free one) and a DataNode, with
     * their storage under {@code baseDir}.
     */
    public static HdfsCluster start(Path baseDir, int nameNodePort) throws IOException {
        Path base = baseDir.toAbsolutePath();
        Files.createDirectories(base);
        HdfsConfiguration conf = new HdfsConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        conf.set(DFSConfigKeys.DFS_NAMENODE_RPC_ADDRESS_KEY, LOOPBACK + ":" + nameNodePort);
        conf.set(DFSConfigKeys.DFS_NAMENODE_HTTP_ADDRESS_KEY, LOOPBACK + ":0");
        conf.setInt(DFSConfigKeys.DFS_REPLICATION_KEY, 1);
        // A stopped DataNode is declared dead by the test (setDataNodeDead); a restarted one
        // reports in within a second.
        conf.setLong(DFSConfigKeys.DFS_HEARTBEAT_INTERVAL_KEY, 1);
        // Small blocks: a test's checkpoint files span several, as real ones do.
        conf.setLong(DFSConfigKeys.DFS_BLOCK_SIZE_KEY, 1024 * 1024);
        conf.setLong(DFSConfigKeys.DFS_NAMENODE_MIN_BLOCK_SIZE_KEY, 1024);
        MiniDFSCluster cluster =
                new MiniDFSCluster.Builder(conf, base.toFile())
                        .nameNodePort(nameNodePort)
                        .numDataNodes(1)
                        .checkExitOnShutdown(false)
                        .build();
        try {
            cluster.waitActive();
        } catch (IOException | RuntimeException e) {
            cluster.shutdown(true);
            throw e;
        }
        return new HdfsCluster(cluster, base);
    }

    /**
     * Flink configuration for its Hadoop filesystem against this cluster, for {@code
     * FileSystem.initialize(conf, …)}: Flink hands every {@code flink.hadoop.*} key to Hadoop's
     * configuration. A fresh copy each call.
     *
     * <ul>
     *   <li>{@code fs.defaultFS} is this NameNode, so {@code hdfs:///path} (no authority) works, as
     *       it does where a {@code core-site.xml} names the NameNode.
     *   <li>Closing a file waits until the DataNode has reported the last block to the NameNode;
     *       the client polls for that from 400 ms on, which made most checkpoint files take 0.4 s
     *       to close here (measured: 9 of 10 small files). Polling from 10 ms makes a close take
     *       milliseconds, as on a busy real cluster whose reports come in between polls.
     * </ul>
     */
    public org.apache.flink.configuration.Configuration flinkConfiguration() {
        org.apache.flink.configuration.Configuration conf =
                new org.apache.flink.configuration.Configuration();
        conf.setString(HADOOP_PREFIX + "fs.defaultFS", nameNodeUri().toString());
        conf.setString(
                HADOOP_PREFIX
                        + HdfsClientConfigKeys.BlockWrite.LOCATEFOLLOWINGBLOCK_INITIAL_DELAY_MS_KEY,
                "10");
        return conf;
    }

    /** The NameNode's RPC port on 127.0.0.1. */
    public int nameNodePort() {
        return cluster.getNameNodePort();
    }

    /** {@code hdfs://127.0.0.1:<port>}, what Hadoop's {@code fs.defaultFS} would be. */
    public URI nameNodeUri() {
        return URI.create("hdfs://" + LOOPBACK + ":" + nameNodePort());
    }

    /** {@code hdfs://127.0.0.1:<port>/<path>} (a leading slash of {@code path} is ignored). */
    public URI uri(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return URI.create(nameNodeUri() + "/" + p);
    }

    /** The folder holding the NameNode's and the DataNode's storage. */
    public Path baseDirectory() {
        return baseDir;
    }

    /** The cluster itself, for what this class does not wrap. */
    public MiniDFSCluster miniDfsCluster() {
        return cluster;
    }

    /** Whether the DataNode is running. */
    public boolean isDataNodeRunning() {
        return stoppedDataNode == null;
    }

    /**
     * Stops the DataNode and tells the NameNode at once that it is dead (without waiting for its
     * heartbeats to expire, which takes minutes): from now on no block can be written or read.
     */
    public synchronized void stopDataNode() throws IOException {
        if (stoppedDataNode != null) {
            throw new IllegalStateException("The DataNode is already stopped");
        }
        DatanodeID id = cluster.getDataNodes().get(0).getDatanodeId();
        stoppedDataNode = cluster.stopDataNode(0);
        cluster.setDataNodeDead(id);
    }

    /**
     * Starts the stopped DataNode again, on its old ports with its old blocks, and waits for it.
     */
    public synchronized void restartDataNode() throws IOException {
        if (stoppedDataNode == null) {
            throw new IllegalStateException("The DataNode is running");
        }
        cluster.restartDataNode(stoppedDataNode, true);
        stoppedDataNode = null;
        cluster.waitActive();
    }

    /** Shuts the NameNode and the DataNode down and deletes their storage. */
    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
