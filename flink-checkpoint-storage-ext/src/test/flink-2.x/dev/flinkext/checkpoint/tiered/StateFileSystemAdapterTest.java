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

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.ICloseableRegistry;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.PathsCopyingFileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.filesystem.FsCheckpointStreamFactory;
import org.apache.flink.util.WrappingProxy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On 2.x Flink's checkpoint stream factory duplicates state handles through a filesystem that is a
 * {@link PathsCopyingFileSystem} (S3 with s5cmd): the state filesystem is one exactly when its
 * filesystem is.
 */
class StateFileSystemAdapterTest {

    private static final Path DIR = new Path("file:///tmp/checkpoints/chk-1");
    private static final StreamStateHandle HANDLE =
            new FileStateHandle(new Path("file:///tmp/checkpoints/chk-0/state"), 10);

    /** A local filesystem that says it can copy files, and records what it is asked to. */
    private static final class Copying extends LocalFileSystem implements PathsCopyingFileSystem {
        final List<CopyRequest> copied = new ArrayList<>();

        @Override
        public boolean canCopyPaths(Path source, Path destination) {
            return true;
        }

        @Override
        public void copyFiles(List<CopyRequest> requests, ICloseableRegistry registry) {
            copied.addAll(requests);
        }
    }

    private static boolean flinkDuplicates(FileSystem fs) throws Exception {
        return new FsCheckpointStreamFactory(fs, DIR, DIR, 0, 4096)
                .canFastDuplicate(HANDLE, CheckpointedStateScope.EXCLUSIVE);
    }

    @Test
    void aCopyingFilesystemStaysOne() throws Exception {
        Copying fs = new Copying();
        FileSystem wrapped = StateFileSystemAdapter.wrap(fs);
        assertThat(flinkDuplicates(fs)).isTrue();
        assertThat(flinkDuplicates(wrapped)).isTrue();
        PathsCopyingFileSystem.CopyRequest request =
                PathsCopyingFileSystem.CopyRequest.of(
                        new Path("file:///a"), new Path("file:///b"), 10);
        ((PathsCopyingFileSystem) wrapped).copyFiles(List.of(request), ICloseableRegistry.NO_OP);
        assertThat(fs.copied).containsExactly(request);
    }

    @Test
    void anyOtherFilesystemIsNone() throws Exception {
        FileSystem local = LocalFileSystem.getSharedInstance();
        FileSystem wrapped = StateFileSystemAdapter.wrap(local);
        assertThat(wrapped).isNotInstanceOf(PathsCopyingFileSystem.class);
        assertThat(flinkDuplicates(wrapped)).isFalse();
        assertThat(((WrappingProxy<?>) wrapped).getWrappedDelegate()).isSameAs(local);
    }
}
