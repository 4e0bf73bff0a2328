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

import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FSDataOutputStreamWrapper;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local filesystem under the scheme {@code flaky://}, which can be told to fail: while {@link
 * #failing} is on, each file created after the first one in a new directory fails after a few
 * bytes, as a storage that breaks mid-copy would.
 */
public final class FlakyFileSystem extends SchemeLocalFileSystem {

    public static final String SCHEME = "flaky";

    private static volatile boolean failing;
    private static final Map<String, Integer> CREATED = new ConcurrentHashMap<>();
    private static final AtomicLong FAILURES = new AtomicLong();

    public static void failing(boolean on) {
        failing = on;
    }

    public static long failures() {
        return FAILURES.get();
    }

    public FlakyFileSystem() {
        super(SCHEME);
    }

    @Override
    public FSDataOutputStream create(Path filePath, WriteMode overwrite) throws IOException {
        FSDataOutputStream out = super.create(filePath, overwrite);
        if (!failing
                || CREATED.merge(filePath.getParent().toUri().getPath(), 1, Integer::sum) < 2) {
            return out;
        }
        return new FSDataOutputStreamWrapper(out) {
            private long written;

            private void written(long bytes) throws IOException {
                written += bytes;
                if (written > 16) {
                    FAILURES.incrementAndGet();
                    throw new IOException("injected failure of the flaky filesystem");
                }
            }

            @Override
            public void write(int b) throws IOException {
                written(1);
                super.write(b);
            }

            @Override
            public void write(byte[] b) throws IOException {
                write(b, 0, b.length);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written(len);
                super.write(b, off, len);
            }
        };
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory extends SchemeLocalFileSystem.Factory {
        public Factory() {
            super(SCHEME, FlakyFileSystem::new);
        }
    }
}
