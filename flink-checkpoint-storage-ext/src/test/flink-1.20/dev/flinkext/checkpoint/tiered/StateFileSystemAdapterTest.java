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

import org.apache.flink.core.fs.DuplicatingFileSystem;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemKind;
import org.apache.flink.core.fs.Path;
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
 * On 1.20 Flink's checkpoint stream factory duplicates state handles through a filesystem that is a
 * {@link DuplicatingFileSystem}: the state filesystem is one exactly when its filesystem is.
 */
class StateFileSystemAdapterTest {

    private static final Path DIR = new Path("file:///tmp/checkpoints/chk-1");
    private static final StreamStateHandle HANDLE =
            new FileStateHandle(new Path("file:///tmp/checkpoints/chk-0/state"), 10);

    /** A local filesystem that says it can duplicate files, and records what it is asked to. */
    private static final class Duplicating extends LocalFileSystem
            implements DuplicatingFileSystem {
        final List<CopyRequest> copied = new ArrayList<>();

        @Override
        public boolean canFastDuplicate(Path source, Path destination) {
            return true;
        }

        @Override
        public void duplicate(List<CopyRequest> requests) {
            copied.addAll(requests);
        }
    }

    private static boolean flinkDuplicates(FileSystem fs) throws Exception {
        return new FsCheckpointStreamFactory(fs, DIR, DIR, 0, 4096)
                .canFastDuplicate(HANDLE, CheckpointedStateScope.EXCLUSIVE);
    }

    @Test
    void aDuplicatingFilesystemStaysOne() throws Exception {
        Duplicating fs = new Duplicating();
        FileSystem wrapped = StateFileSystemAdapter.wrap(fs);
        assertThat(flinkDuplicates(fs)).isTrue();
        assertThat(flinkDuplicates(wrapped)).isTrue();
        DuplicatingFileSystem.CopyRequest request =
                DuplicatingFileSystem.CopyRequest.of(new Path("file:///a"), new Path("file:///b"));
        ((DuplicatingFileSystem) wrapped).duplicate(List.of(request));
        assertThat(fs.copied).containsExactly(request);
    }

    @Test
    void anyOtherFilesystemIsNoneAndKeepsItsKind() throws Exception {
        FileSystem local = LocalFileSystem.getSharedInstance();
        FileSystem wrapped = StateFileSystemAdapter.wrap(local);
        assertThat(wrapped).isNotInstanceOf(DuplicatingFileSystem.class);
        assertThat(flinkDuplicates(wrapped)).isFalse();
        assertThat(wrapped.getKind()).isEqualTo(FileSystemKind.FILE_SYSTEM);
        assertThat(((WrappingProxy<?>) wrapped).getWrappedDelegate()).isSameAs(local);
    }
}
