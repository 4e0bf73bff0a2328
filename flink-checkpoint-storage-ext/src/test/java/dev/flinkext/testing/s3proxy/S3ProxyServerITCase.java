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
package dev.flinkext.testing.s3proxy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** s3proxy in a child JVM serves Flink's {@code s3://} filesystem, and can be killed mid-test. */
// Left to the 1.20 run on the 2.x line (docs/flink-lines.md): the s3proxy harness under Flink's
// s3:// filesystem, code both lines share.
@Tag("left-to-flink-1.20")
class S3ProxyServerITCase {

    @TempDir java.nio.file.Path tempDir;

    @AfterEach
    void resetFileSystems() {
        FileSystem.initialize(new Configuration(), null);
    }

    @Test
    void servesFlinkS3FileSystemUntilKilled() throws Exception {
        long launch = System.nanoTime();
        try (S3ProxyServer s3 = S3ProxyServer.start(tempDir.resolve("s3"), "flinkext-test")) {
            System.out.println(
                    "s3proxy answered after " + Duration.ofNanos(System.nanoTime() - launch));
            FileSystem.initialize(s3.flinkConfiguration(), null);

            Path dir = new Path(s3.uri("dir"));
            Path file = new Path(s3.uri("dir/file"));
            assertThat(file.toUri().toString()).isEqualTo("s3://flinkext-test/dir/file");
            FileSystem fs = file.getFileSystem();
            byte[] payload = "hello through s3proxy".getBytes(StandardCharsets.UTF_8);

            write(fs, file, payload);
            assertThat(read(fs, file)).isEqualTo(payload);
            assertThat(s3.bucketDirectory().resolve("dir").resolve("file")).exists();

            FileStatus[] listing = fs.listStatus(dir);
            assertThat(listing).isNotNull();
            assertThat(Arrays.stream(listing).map(st -> st.getPath().getName()))
                    .containsExactly("file");
            assertThat(fs.getFileStatus(file).getLen()).isEqualTo(payload.length);

            assertThat(fs.delete(file, false)).isTrue();
            assertThat(fs.exists(file)).isFalse();

            // Data written before the kill survives a restart.
            Path kept = new Path(s3.uri("kept"));
            write(fs, kept, payload);

            s3.kill();
            assertThat(s3.isRunning()).isFalse();
            long start = System.nanoTime();
            // Only a write (its close() uploads) reports an IOException; reads, exists, listStatus
            // and delete let presto's unchecked com.amazonaws.SdkClientException through.
            assertThatThrownBy(() -> write(fs, new Path(s3.uri("after-kill")), payload))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> read(fs, kept)).isInstanceOf(Exception.class);
            assertThatThrownBy(() -> fs.exists(kept)).isInstanceOf(Exception.class);
            assertThatThrownBy(() -> fs.listStatus(dir)).isInstanceOf(Exception.class);
            assertThatThrownBy(() -> fs.delete(kept, false)).isInstanceOf(Exception.class);
            Duration failedWithin = Duration.ofNanos(System.nanoTime() - start);
            System.out.println(
                    "s3:// operations failed within " + failedWithin + " after the kill");
            assertThat(failedWithin).isLessThan(Duration.ofSeconds(60));

            s3.restart();
            assertThat(s3.isRunning()).isTrue();
            assertThat(read(fs, kept)).isEqualTo(payload);
            assertThat(fs.exists(new Path(s3.uri("after-kill")))).isFalse();
        }
    }

    private static void write(FileSystem fs, Path path, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(path, FileSystem.WriteMode.OVERWRITE)) {
            out.write(bytes);
        }
    }

    private static byte[] read(FileSystem fs, Path path) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }
}
