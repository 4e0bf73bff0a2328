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

import org.apache.flink.core.fs.EntropyInjectingFileSystem;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalRecoverableWriter;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * The local filesystem under the scheme {@code counting://}, recording the calls that cost an
 * object store requests ({@code create} with its write mode, {@code exists}, {@code
 * getFileStatus}), and injecting entropy like S3 does: {@value #ENTROPY_KEY} in a path becomes
 * {@value #ENTROPY} when Flink writes a state file there. Like {@code flink-s3-fs-presto} it has no
 * recoverable writer, so that Flink writes a checkpoint's {@code _metadata} with {@code create}
 * too.
 */
public final class CountingFileSystem extends SchemeLocalFileSystem
        implements EntropyInjectingFileSystem {

    public static final String SCHEME = "counting";
    public static final String ENTROPY_KEY = "_entropy_";
    public static final String ENTROPY = "7e57";

    private static final Queue<String> CALLS = new ConcurrentLinkedQueue<>();

    /** Set while in {@link #create}: the local filesystem's own existence check is not a call. */
    private static final ThreadLocal<Boolean> CREATING = ThreadLocal.withInitial(() -> false);

    /** The calls so far on paths under {@code dir}, as "create OVERWRITE path" and the like. */
    public static List<String> calls(String dir) {
        return CALLS.stream().filter(c -> c.contains(dir)).collect(Collectors.toList());
    }

    public CountingFileSystem() {
        super(SCHEME);
    }

    @Override
    public FSDataOutputStream create(Path filePath, WriteMode overwrite) throws IOException {
        CALLS.add("create " + overwrite + " " + filePath.toUri().getPath());
        CREATING.set(true);
        try {
            return super.create(filePath, overwrite);
        } finally {
            CREATING.set(false);
        }
    }

    @Override
    public boolean exists(Path f) throws IOException {
        if (!CREATING.get()) {
            CALLS.add("exists " + f.toUri().getPath());
        }
        return super.exists(f);
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        CALLS.add("getFileStatus " + f.toUri().getPath());
        return super.getFileStatus(f);
    }

    @Override
    public LocalRecoverableWriter createRecoverableWriter() {
        throw new UnsupportedOperationException("no recoverable writer, as with S3 on presto");
    }

    @Override
    public String getEntropyInjectionKey() {
        return ENTROPY_KEY;
    }

    @Override
    public String generateEntropy() {
        return ENTROPY;
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory extends SchemeLocalFileSystem.Factory {
        public Factory() {
            super(SCHEME, CountingFileSystem::new);
        }
    }
}
