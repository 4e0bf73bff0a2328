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
package dev.flinkext.state.rocksdb;

import dev.flinkext.state.testing.ContractParameters;

import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.CheckpointStorage;
import org.apache.flink.runtime.state.ConfigurableStateBackend;
import org.apache.flink.runtime.state.StateBackendTestBase;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.testutils.junit.extensions.parameterized.Parameter;
import org.apache.flink.testutils.junit.extensions.parameterized.ParameterizedTestExtension;
import org.apache.flink.testutils.junit.extensions.parameterized.Parameters;
import org.apache.flink.testutils.junit.utils.TempDirUtils;
import org.apache.flink.util.function.SupplierWithException;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Flink's own state backend contract ({@link StateBackendTestBase}) for {@link
 * InstrumentedRocksDBStateBackend}, with JobManager and filesystem checkpoint storage, full and
 * incremental, as Flink's own {@code EmbeddedRocksDBStateBackendTest} runs it (on the 2.x line
 * filesystem and incremental only: {@link ContractParameters}).
 *
 * <p>No inherited test is disabled, as in Flink's own {@code EmbeddedRocksDBStateBackendTest} on
 * both lines (1.20.5 and 2.3.0 override none of the base tests; they only add RocksDB-specific
 * ones); the hooks return what Flink's do.
 */
@ExtendWith(ParameterizedTestExtension.class)
class InstrumentedRocksDBStateBackendTest
        extends StateBackendTestBase<EmbeddedRocksDBStateBackend> {

    @TempDir private static Path tempFolder;

    @Parameters(name = "storage={0}, incremental={2}")
    public static List<Object[]> storages() {
        SupplierWithException<CheckpointStorage, IOException> jobManager =
                JobManagerCheckpointStorage::new;
        SupplierWithException<CheckpointStorage, IOException> fileSystem =
                () ->
                        new FileSystemCheckpointStorage(
                                TempDirUtils.newFolder(tempFolder).toURI().toString());
        return ContractParameters.onThisLine(
                List.of(
                        new Object[] {"jobmanager", jobManager, false},
                        new Object[] {"filesystem", fileSystem, false},
                        new Object[] {"filesystem", fileSystem, true}),
                row -> row[0].equals("filesystem") && (boolean) row[2]);
    }

    @Parameter public String storageName;

    @Parameter(1)
    public SupplierWithException<CheckpointStorage, IOException> storageSupplier;

    @Parameter(2)
    public boolean incremental;

    @Override
    protected ConfigurableStateBackend getStateBackend() {
        return new InstrumentedRocksDBStateBackend(incremental).setSampleInterval(1);
    }

    @Override
    protected CheckpointStorage getCheckpointStorage() throws Exception {
        return storageSupplier.get();
    }

    @Override
    protected boolean supportsAsynchronousSnapshots() {
        return true;
    }

    @Override
    protected boolean isSerializerPresenceRequiredOnRestore() {
        return false;
    }

    @Override
    protected boolean isSafeToReuseKVState() {
        return true;
    }
}
