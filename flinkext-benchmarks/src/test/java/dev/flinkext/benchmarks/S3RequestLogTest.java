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
package dev.flinkext.benchmarks;

import dev.flinkext.benchmarks.S3RequestLog.Counts;
import dev.flinkext.benchmarks.S3RequestLog.Request;
import dev.flinkext.testing.s3proxy.S3ProxyServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class S3RequestLogTest {

    @TempDir java.nio.file.Path dir;

    @Test
    void parsesS3ProxysRequestLines() {
        Request put =
                S3RequestLog.parse(
                        "request: Request(PUT http://127.0.0.1:4000/bkt/run/checkpoints/"
                                + "ab12/chk-17/f00)@6143f6a7");
        assertThat(put).isEqualTo(new Request("PUT", "/bkt/run/checkpoints/ab12/chk-17/f00", ""));
        assertThat(put.createsObject()).isTrue();
        assertThat(put.checkpointId()).hasValue(17);
        assertThat(put.concerns("bkt", "run/")).isTrue();
        assertThat(put.concerns("bkt", "run2/")).isFalse();

        Request list =
                S3RequestLog.parse(
                        "request: Request(GET http://127.0.0.1:4000/bkt/?prefix=run%2Fcheckpoints"
                                + "%2Fab12%2Fchk-3%2F&delimiter=/&max-keys=1)@1a");
        assertThat(list.path()).isEqualTo("/bkt/");
        assertThat(list.createsObject()).isFalse();
        assertThat(list.checkpointId()).hasValue(3);
        assertThat(list.concerns("bkt", "run/")).isTrue();

        Request directory =
                S3RequestLog.parse("request: Request(HEAD http://h:1/bkt/run/chk-30)@1b");
        assertThat(directory.checkpointId()).hasValue(30);
        assertThat(
                        S3RequestLog.parse("request: Request(HEAD http://h:1/bkt/run/shared/x)@1c")
                                .checkpointId())
                .isEmpty();
        Request part =
                S3RequestLog.parse(
                        "request: Request(PUT http://h:1/bkt/run/chk-1/x?partNumber=2&uploadId=u)@2");
        assertThat(part.createsObject()).isFalse();
        Request complete =
                S3RequestLog.parse(
                        "request: Request(POST http://h:1/bkt/run/chk-1/x?uploadId=u)@3");
        assertThat(complete.createsObject()).isTrue();

        assertThat(S3RequestLog.parse("sendSimpleErrorResponse: 404 NoSuchKey {}")).isNull();
    }

    /** Against a real s3proxy: every request Flink's s3:// filesystem makes is counted. */
    @Test
    void countsTheRequestsS3ProxyReceivedPerCheckpoint() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.startLoggingRequests(dir, "counted")) {
            FileSystem.initialize(s3.flinkConfiguration(), null);
            long start = S3RequestLog.end(s3.requestLog());
            Path first = new Path(s3.uri("run/checkpoints/job/chk-7/state").toString());
            write(first);
            write(new Path(s3.uri("run/checkpoints/job/chk-8/state").toString()));
            write(new Path(s3.uri("run/checkpoints/job/chk-8/_metadata").toString()));
            write(new Path(s3.uri("other/checkpoints/job/chk-7/state").toString()));
            write(new Path(s3.uri("run/checkpoints/job/shared/sst").toString()));
            first.getFileSystem().delete(first, false);

            List<Request> requests = S3RequestLog.read(s3.requestLog(), start);
            Map<Long, Counts> perCheckpoint =
                    S3RequestLog.perCheckpoint(requests, "counted", "run/");
            assertThat(perCheckpoint).containsOnlyKeys(7L, 8L);
            Counts seven = perCheckpoint.get(7L);
            assertThat(seven.objectsCreated()).isEqualTo(1);
            assertThat(seven.byMethod()).containsEntry("PUT", 1).containsEntry("DELETE", 1);
            Counts eight = perCheckpoint.get(8L);
            assertThat(eight.objectsCreated()).isEqualTo(2);
            assertThat(eight.byMethod()).containsEntry("PUT", 2).doesNotContainKey("DELETE");
            // One write outside any checkpoint: what writing an object costs, wherever it goes.
            Counts outside = S3RequestLog.outsideCheckpoints(requests, "counted", "run/");
            assertThat(outside.objectsCreated()).isEqualTo(1);
            assertThat(eight.requests()).isEqualTo(2 * outside.requests());
            assertThat(seven.requests() - outside.requests())
                    .as("requests of the delete")
                    .isPositive();
            // Nothing logged was lost: the other prefix holds the rest.
            int other =
                    S3RequestLog.count(
                                    requests.stream()
                                            .filter(r -> r.concerns("counted", "other/"))
                                            .toList())
                            .requests();
            assertThat(seven.requests() + eight.requests() + outside.requests() + other)
                    .isEqualTo(requests.size());
        } finally {
            FileSystem.initialize(new Configuration(), null);
        }
    }

    private static void write(Path path) throws Exception {
        try (FSDataOutputStream out =
                path.getFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(new byte[] {1, 2, 3});
        }
    }
}
