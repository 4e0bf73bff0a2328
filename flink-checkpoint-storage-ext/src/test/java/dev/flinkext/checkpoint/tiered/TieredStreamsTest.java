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

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.CheckpointStorageLocation;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which tier a stream ends up in, and what happens at the memory budget. */
class TieredStreamsTest {

    @TempDir Path dir;

    private CheckpointStreamFactory factory(boolean withDirectory, String threshold, String budget)
            throws Exception {
        Configuration conf = new Configuration();
        if (withDirectory) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        }
        conf.set(TieredCheckpointStorageOptions.INLINE_THRESHOLD, MemorySize.parse(threshold));
        conf.set(TieredCheckpointStorageOptions.MEMORY_BUDGET, MemorySize.parse(budget));
        CheckpointStorageAccess access =
                new TieredCheckpointStorage()
                        .configure(conf, getClass().getClassLoader())
                        .createCheckpointStorage(new JobID());
        access.initializeBaseLocationsForCheckpoint();
        CheckpointStorageLocation location = access.initializeLocationForCheckpoint(1);
        return access.resolveCheckpointStorageLocation(1, location.getLocationReference());
    }

    private static StreamStateHandle write(CheckpointStreamFactory factory, int bytes)
            throws Exception {
        byte[] data = new byte[bytes];
        Arrays.fill(data, (byte) 7);
        try (CheckpointStateOutputStream out =
                factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            out.write(data, 0, bytes / 2);
            for (int i = bytes / 2; i < bytes; i++) {
                out.write(data[i]);
            }
            return out.closeAndGetHandle();
        }
    }

    private static byte[] read(StreamStateHandle handle) throws Exception {
        try (FSDataInputStream in = handle.openInputStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void smallStreamsStayInlineLargeOnesBecomeFiles() throws Exception {
        CheckpointStreamFactory factory = factory(true, "1kb", "5mb");
        StreamStateHandle small = write(factory, 1000);
        StreamStateHandle large = write(factory, 5000);
        assertThat(small).isInstanceOf(ByteStreamStateHandle.class);
        assertThat(large).isInstanceOf(FileStateHandle.class);
        assertThat(read(small)).hasSize(1000).containsOnly(7);
        assertThat(read(large)).hasSize(5000).containsOnly(7);
        assertThat(write(factory, 0)).isNull();
    }

    @Test
    void pastTheBudgetStreamsSpillToTheFilesystem() throws Exception {
        CheckpointStreamFactory factory = factory(true, "1kb", "2500b");
        assertThat(write(factory, 1000)).isInstanceOf(ByteStreamStateHandle.class);
        assertThat(write(factory, 1000)).isInstanceOf(ByteStreamStateHandle.class);
        // 500 bytes of budget left: the third stream goes to a file, and reads back whole.
        StreamStateHandle spilled = write(factory, 1000);
        assertThat(spilled).isInstanceOf(FileStateHandle.class);
        assertThat(read(spilled)).hasSize(1000).containsOnly(7);
        assertThat(write(factory, 400)).isInstanceOf(ByteStreamStateHandle.class);
    }

    @Test
    void withoutADirectoryThePastBudgetErrorSaysWhichKeyToSet() throws Exception {
        CheckpointStreamFactory factory = factory(false, "2kb", "2kb");
        assertThat(write(factory, 1500)).isInstanceOf(ByteStreamStateHandle.class);
        assertThatThrownBy(() -> write(factory, 1500))
                .hasMessageContaining("'flinkext.checkpoint.tiered.memory.budget', 2048 bytes")
                .hasMessageContaining("set 'execution.checkpointing.dir'");
    }

    @Test
    void eachCheckpointHasItsOwnBudget() throws Exception {
        CheckpointStreamFactory first = factory(true, "1kb", "1kb");
        assertThat(write(first, 1000)).isInstanceOf(ByteStreamStateHandle.class);
        assertThat(write(first, 1000)).isInstanceOf(FileStateHandle.class);
        CheckpointStreamFactory next = factory(true, "1kb", "1kb");
        assertThat(write(next, 1000)).isInstanceOf(ByteStreamStateHandle.class);
    }
}
