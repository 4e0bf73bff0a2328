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
import org.apache.flink.core.fs.DuplicatingFileSystem;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemKind;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.List;

/**
 * Flink 1.20 adapter: makes the {@link StateFileSystem} of a filesystem. On 1.20 a filesystem
 * reports its {@link FileSystemKind}, and one that can copy files itself is a {@link
 * DuplicatingFileSystem}, which Flink's checkpoint stream factory asks before it duplicates state
 * handles: the wrapper is one too exactly when the filesystem is. 2.x has no kind, and its copying
 * interface is {@code PathsCopyingFileSystem} (see the 2.x version of this class).
 */
@Internal
final class StateFileSystemAdapter {

    private StateFileSystemAdapter() {}

    static FileSystem wrap(FileSystem fs) {
        return fs instanceof DuplicatingFileSystem ? new Duplicating(fs) : new Plain(fs);
    }

    private static class Plain extends StateFileSystem {
        Plain(FileSystem fs) {
            super(fs);
        }

        @Override
        public FileSystemKind getKind() {
            return fs.getKind();
        }
    }

    private static final class Duplicating extends Plain implements DuplicatingFileSystem {
        Duplicating(FileSystem fs) {
            super(fs);
        }

        @Override
        public boolean canFastDuplicate(Path source, Path destination) throws IOException {
            return ((DuplicatingFileSystem) fs).canFastDuplicate(source, destination);
        }

        @Override
        public void duplicate(List<CopyRequest> requests) throws IOException {
            ((DuplicatingFileSystem) fs).duplicate(requests);
        }
    }
}
