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
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.filesystem.AbstractFileCheckpointStorageAccessTestBase;

/**
 * Flink's own contract for file-based checkpoint storage access ({@link
 * AbstractFileCheckpointStorageAccessTestBase}): pointers, metadata, savepoint locations and
 * checkpoint directories behave as with {@code FileSystemCheckpointStorage}.
 */
class TieredCheckpointStorageAccessTest extends AbstractFileCheckpointStorageAccessTestBase {

    @Override
    protected CheckpointStorageAccess createCheckpointStorage(
            Path checkpointDir, boolean createCheckpointSubDir) throws Exception {
        return storage(checkpointDir, null, createCheckpointSubDir);
    }

    @Override
    protected CheckpointStorageAccess createCheckpointStorageWithSavepointDir(
            Path checkpointDir, Path savepointDir, boolean createCheckpointSubDir)
            throws Exception {
        return storage(checkpointDir, savepointDir, createCheckpointSubDir);
    }

    private static CheckpointStorageAccess storage(
            Path checkpointDir, Path savepointDir, boolean createCheckpointSubDir)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toString());
        if (savepointDir != null) {
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepointDir.toString());
        }
        conf.set(CheckpointingOptions.CREATE_CHECKPOINT_SUB_DIR, createCheckpointSubDir);
        return new TieredCheckpointStorage()
                .configure(conf, TieredCheckpointStorageAccessTest.class.getClassLoader())
                .createCheckpointStorage(new JobID());
    }
}
