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
package dev.flinkext.checkpoint.tiered.archive;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.IllegalConfigurationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which archive failures fail a job's start, and which only warn. */
class ArchiveProbeTest {

    @TempDir Path dir;

    private static ArchiveSettings archive(String directory) {
        return new ArchiveSettings(directory, 1, null, 10, null);
    }

    @Test
    void aWritableDirectoryPassesAndKeepsNoProbeFile() throws Exception {
        JobID job = new JobID();
        ArchiveProbe.check(archive(dir.toUri().toString()), job);
        try (var files = Files.list(dir.resolve(job.toHexString()))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aPathThatCannotBeADirectoryIsAConfigurationError() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "in the way");
        String directory = file.resolve("archive").toUri().toString();
        assertThatThrownBy(() -> ArchiveProbe.check(archive(directory), new JobID()))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(file.resolve("archive").toString())
                .hasMessageContaining("(flinkext.checkpoint.tiered.archive.dir) cannot be used")
                .hasMessageContaining("Check the path, its permissions and the credentials");
    }

    @Test
    void anUnknownSchemeNamesWhatToInstall() {
        assertThatThrownBy(() -> ArchiveProbe.check(archive("s4://bucket/a"), new JobID()))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("no filesystem serves the scheme 's4'")
                .hasMessageContaining("flink-s3-fs-presto");
    }

    @Test
    void refusalsNeverHealButAnUnreachableStoreMay() {
        assertThat(ArchiveProbe.isRefusal(new AccessDeniedException("/archive"))).isTrue();
        assertThat(
                        ArchiveProbe.isRefusal(
                                new IOException(
                                        "wrapped",
                                        new RuntimeException(
                                                "The AWS Access Key Id you provided does not exist"
                                                        + " (Service: Amazon S3; Status Code: 403;"
                                                        + " Error Code: InvalidAccessKeyId)"))))
                .isTrue();
        assertThat(
                        ArchiveProbe.isRefusal(
                                new IOException("Connection refused", new ConnectException())))
                .isFalse();
        // A port that contains 403 is no HTTP status.
        assertThat(ArchiveProbe.isRefusal(new IOException("Unable to reach 127.0.0.1:40312")))
                .isFalse();
        assertThat(ArchiveProbe.isRefusal(new IOException("Slow Down (Status Code: 503)")))
                .isFalse();
        // A count that happens to be 403 is no HTTP status either.
        assertThat(ArchiveProbe.isRefusal(new IOException("Premature end: expected 1,403 bytes")))
                .isFalse();
        assertThat(ArchiveProbe.isRefusal(new IOException("HTTP 403 Forbidden"))).isTrue();
    }

    @Test
    void theBoundedCheckStillFailsAnArchiveThatCanNeverWork() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "in the way");
        ArchiveSettings unusable = archive(file.resolve("archive").toUri().toString());
        assertThatThrownBy(
                        () -> ArchiveProbe.checkWithin(unusable, new JobID(), ArchiveProbe.TIMEOUT))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("cannot be used");
    }
}
