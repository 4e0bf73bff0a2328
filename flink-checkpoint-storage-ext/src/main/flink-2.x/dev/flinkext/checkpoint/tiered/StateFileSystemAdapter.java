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
package dev.flinkext.checkpoint.tiered;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.ICloseableRegistry;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.PathsCopyingFileSystem;
import org.apache.flink.core.fs.RecoverableWriter;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Flink 2.x adapter: makes the {@link StateFileSystem} of a filesystem. On 2.x a filesystem that
 * can copy files itself (S3 with s5cmd) is a {@link PathsCopyingFileSystem}, which Flink's
 * checkpoint stream factory asks before it duplicates state handles: the wrapper is one too exactly
 * when the filesystem is. Every 2.x filesystem also answers {@code canCopyPaths} and takes a
 * configuration for its recoverable writer, both passed on. 1.20 has a filesystem kind instead, and
 * its copying interface is {@code DuplicatingFileSystem} (see the 1.20 version of this class).
 */
@Internal
final class StateFileSystemAdapter {

    private StateFileSystemAdapter() {}

    static FileSystem wrap(FileSystem fs) {
        return fs instanceof PathsCopyingFileSystem ? new Copying(fs) : new Plain(fs);
    }

    private static class Plain extends StateFileSystem {
        Plain(FileSystem fs) {
            super(fs);
        }

        @Override
        public boolean canCopyPaths(Path source, Path destination) throws IOException {
            return fs.canCopyPaths(source, destination);
        }

        @Override
        public RecoverableWriter createRecoverableWriter(Map<String, String> conf)
                throws IOException {
            return fs.createRecoverableWriter(conf);
        }
    }

    private static final class Copying extends Plain implements PathsCopyingFileSystem {
        Copying(FileSystem fs) {
            super(fs);
        }

        @Override
        public void copyFiles(List<CopyRequest> requests, ICloseableRegistry closeableRegistry)
                throws IOException {
            ((PathsCopyingFileSystem) fs).copyFiles(requests, closeableRegistry);
        }
    }
}
