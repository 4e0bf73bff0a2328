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
package org.apache.flink.runtime.state;

import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackend;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackend;
import dev.flinkext.state.testing.ContractParameters;

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
 * Flink's state schema-evolution contract ({@link StateBackendMigrationTestBase}) for both
 * instrumented backends, with JobManager and filesystem checkpoint storage (on the 2.x line
 * filesystem only: {@link ContractParameters}).
 *
 * <p>No test is disabled, as in Flink's own subclasses on both lines ({@code
 * HashMapStateBackendMigrationTest}, 2.3's {@code HashMapStateBackendWithFsStorageMigrationTest},
 * {@code EmbeddedRocksDBStateBackendMigrationTest}), which override none of the base tests.
 */
@ExtendWith(ParameterizedTestExtension.class)
class InstrumentedStateBackendMigrationTest extends StateBackendMigrationTestBase<StateBackend> {

    @TempDir private static Path storageFolder;

    @Parameters(name = "backend={0}, storage={1}")
    public static List<Object[]> backendsAndStorages() {
        SupplierWithException<CheckpointStorage, IOException> jobManager =
                JobManagerCheckpointStorage::new;
        SupplierWithException<CheckpointStorage, IOException> fileSystem =
                () ->
                        new FileSystemCheckpointStorage(
                                TempDirUtils.newFolder(storageFolder).toURI().toString());
        return ContractParameters.onThisLine(
                List.of(
                        new Object[] {"hashmap", "jobmanager", jobManager},
                        new Object[] {"hashmap", "filesystem", fileSystem},
                        new Object[] {"rocksdb", "jobmanager", jobManager},
                        new Object[] {"rocksdb", "filesystem", fileSystem}),
                row -> row[1].equals("filesystem"));
    }

    @Parameter public String backend;

    @Parameter(1)
    public String storageName;

    @Parameter(2)
    public SupplierWithException<CheckpointStorage, IOException> storageSupplier;

    @Override
    protected StateBackend getStateBackend() {
        return backend.equals("rocksdb")
                ? new InstrumentedRocksDBStateBackend().setSampleInterval(1)
                : new InstrumentedHashMapStateBackend().setSampleInterval(1);
    }

    @Override
    protected CheckpointStorage getCheckpointStorage() throws Exception {
        return storageSupplier.get();
    }
}
