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

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness itself: a file written to {@code hdfs://127.0.0.1:<port>/…} through Flink's own
 * {@link FileSystem} (Flink's Hadoop filesystem, not a local one) lands in the mini cluster; with
 * the DataNode stopped a write fails, and after its restart the old file reads back.
 */
class HdfsClusterITCase {

    @RegisterExtension static final HdfsClusterExtension HDFS = new HdfsClusterExtension();

    @Test
    void flinkWritesThroughHadoopAndADataNodeStopFailsWrites() throws Exception {
        Path file = new Path(HDFS.uri("harness/hello.txt"));
        FileSystem fs = file.getFileSystem();
        assertThat(fs.getClass().getName())
                .isEqualTo("org.apache.flink.runtime.fs.hdfs.HadoopFileSystem");
        assertThat(fs.isDistributedFS()).isTrue();
        write(fs, file, "hello hdfs");
        // The same file as HDFS itself sees it.
        assertThat(
                        HDFS.cluster()
                                .miniDfsCluster()
                                .getFileSystem()
                                .getFileStatus(new org.apache.hadoop.fs.Path("/harness/hello.txt"))
                                .getLen())
                .isEqualTo("hello hdfs".length());

        HDFS.cluster().stopDataNode();
        try {
            assertThat(HDFS.cluster().isDataNodeRunning()).isFalse();
            // The NameNode still answers ...
            assertThat(fs.exists(file)).isTrue();
            // ... but no block can be written.
            assertThatThrownBy(() -> write(fs, new Path(HDFS.uri("harness/down.txt")), "x"))
                    .isInstanceOf(IOException.class);
        } finally {
            HDFS.cluster().restartDataNode();
        }
        assertThat(read(fs, file)).isEqualTo("hello hdfs");
        write(fs, new Path(HDFS.uri("harness/up-again.txt")), "back");
        assertThat(read(fs, new Path(HDFS.uri("harness/up-again.txt")))).isEqualTo("back");
    }

    private static void write(FileSystem fs, Path file, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(FileSystem fs, Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
