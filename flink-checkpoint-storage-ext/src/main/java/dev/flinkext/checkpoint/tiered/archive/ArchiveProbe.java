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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Checks, when a job starts, that its archive directory can ever work: that a filesystem serves its
 * scheme, that the job's folder can be created there and a file written and deleted in it. A
 * failure that cannot heal by waiting (no filesystem for the scheme, a missing plugin, access or
 * credentials refused, a path that cannot be a directory) is a configuration error and fails the
 * job's start; any other (the store unreachable, throttled, timing out) is logged, and the archive
 * retries with every due checkpoint as usual.
 */
@Internal
public final class ArchiveProbe {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveProbe.class);

    /** What object stores say when they refuse credentials or access: no retry fixes these. */
    private static final Pattern REFUSAL =
            Pattern.compile(
                    "access ?denied|(status|error) code: ?403\\b|\\(403\\)|forbidden"
                            + "|invalidaccesskeyid|signaturedoesnotmatch|nosuchbucket"
                            + "|permission denied",
                    Pattern.CASE_INSENSITIVE);

    /**
     * How long a job's start waits for the check: an unreachable store can keep a filesystem client
     * retrying for minutes, and that is a failure that may heal.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ArchiveProbe() {}

    /**
     * Runs {@link #check} for at most {@link #TIMEOUT}; past it, warns and lets the job start.
     *
     * @throws IllegalConfigurationException naming the key, the directory and what to fix, when the
     *     archive can never work
     */
    public static void checkWithin(ArchiveSettings archive, JobID jobId, Duration timeout) {
        CompletableFuture<Void> probe = new CompletableFuture<>();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                check(archive, jobId);
                                probe.complete(null);
                            } catch (Throwable t) {
                                probe.completeExceptionally(t);
                            }
                        },
                        "flinkext-archive-probe-" + jobId);
        thread.setDaemon(true);
        thread.start();
        try {
            probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "The archive directory '{}' ({}) did not answer within {}; the job starts"
                            + " anyway and the archive retries with every due checkpoint.",
                    archive.directory(),
                    ArchiveOptions.ARCHIVE_DIR.key(),
                    timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @throws IllegalConfigurationException naming the key, the directory and what to fix, when the
     *     archive can never work
     */
    static void check(ArchiveSettings archive, JobID jobId) {
        Path jobDir = new Path(archive.directory(), jobId.toHexString());
        FileSystem fs;
        try {
            fs = jobDir.getFileSystem();
        } catch (UnsupportedFileSystemSchemeException e) {
            throw unusable(
                    archive,
                    e,
                    String.format(
                            "no filesystem serves the scheme '%s'. Install one: for s3:// one of"
                                    + " Flink's S3 filesystems (flink-s3-fs-presto or"
                                    + " flink-s3-fs-hadoop) in its own folder under plugins/, for"
                                    + " hdfs:// the Hadoop client on the classpath"
                                    + " (HADOOP_CLASSPATH); or fix the scheme",
                            archive.directory().toUri().getScheme()));
        } catch (IOException e) {
            handle(archive, e);
            return;
        }
        Path probe = new Path(jobDir, ".flinkext-probe-" + UUID.randomUUID());
        try {
            if (!fs.mkdirs(jobDir)) {
                throw unusable(archive, null, "the folder " + jobDir + " cannot be created");
            }
            try (FSDataOutputStream out = fs.create(probe, FileSystem.WriteMode.NO_OVERWRITE)) {
                out.write(0);
            }
            fs.delete(probe, false);
        } catch (IOException e) {
            handle(archive, e);
        }
    }

    private static void handle(ArchiveSettings archive, IOException e) {
        if (isRefusal(e)) {
            throw unusable(
                    archive,
                    e,
                    "it was refused ("
                            + e
                            + "). Check the path, its permissions and the credentials the"
                            + " filesystem uses");
        }
        LOG.warn(
                "The archive directory '{}' ({}) cannot be written now; the job starts anyway and"
                        + " the archive retries with every due checkpoint. Watch"
                        + " ArchiveLagMillis.",
                archive.directory(),
                ArchiveOptions.ARCHIVE_DIR.key(),
                e);
    }

    static boolean isRefusal(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof AccessDeniedException
                    || t instanceof FileAlreadyExistsException
                    || t instanceof NotDirectoryException) {
                return true;
            }
            if (t.getMessage() != null && REFUSAL.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    private static IllegalConfigurationException unusable(
            ArchiveSettings archive, Throwable cause, String why) {
        return new IllegalConfigurationException(
                String.format(
                        "The archive directory '%s' (%s) cannot be used: %s.",
                        archive.directory(), ArchiveOptions.ARCHIVE_DIR.key(), why),
                cause);
    }
}
