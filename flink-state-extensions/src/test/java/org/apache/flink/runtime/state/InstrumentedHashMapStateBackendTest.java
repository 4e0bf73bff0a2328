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
import dev.flinkext.state.testing.ContractParameters;

import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.testutils.junit.extensions.parameterized.Parameter;
import org.apache.flink.testutils.junit.extensions.parameterized.ParameterizedTestExtension;
import org.apache.flink.testutils.junit.extensions.parameterized.Parameters;
import org.apache.flink.testutils.junit.utils.TempDirUtils;
import org.apache.flink.util.function.SupplierWithException;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Flink's own state backend contract ({@link StateBackendTestBase}) for {@link
 * InstrumentedHashMapStateBackend}, with JobManager and filesystem checkpoint storage (on the 2.x
 * line filesystem only: {@link ContractParameters}).
 *
 * <p>In Flink's package only so that it can switch off, as Flink's own {@code
 * HashMapStateBackendTest} does, the package-private tests that do not apply to heap backends:
 * exactly those, and the same on both Flink lines (Flink's 1.20.5 and 2.3.0 {@code
 * HashMapStateBackendTest} are alike): {@code testValueStateRestoreWithWrongSerializers}, {@code
 * testListStateRestoreWithWrongSerializers}, {@code testReducingStateRestoreWithWrongSerializers}
 * and {@code testMapStateRestoreWithWrongSerializers} are no-ops, {@code
 * testConcurrentMapIfQueryable} is {@code @Disabled}. The hooks ({@code
 * supportsAsynchronousSnapshots}, {@code isSerializerPresenceRequiredOnRestore}) return what
 * Flink's do, so the base class's assumptions skip what they skip for Flink's backend.
 */
@ExtendWith(ParameterizedTestExtension.class)
class InstrumentedHashMapStateBackendTest extends StateBackendTestBase<HashMapStateBackend> {

    @TempDir private static Path tempFolder;

    @Parameters(name = "storage={0}")
    public static List<Object[]> storages() {
        return ContractParameters.onThisLine(
                List.of(
                        new Object[] {
                            "jobmanager",
                            (SupplierWithException<CheckpointStorage, IOException>)
                                    JobManagerCheckpointStorage::new
                        },
                        new Object[] {
                            "filesystem",
                            (SupplierWithException<CheckpointStorage, IOException>)
                                    () ->
                                            new FileSystemCheckpointStorage(
                                                    TempDirUtils.newFolder(tempFolder)
                                                            .toURI()
                                                            .toString())
                        }),
                row -> row[0].equals("filesystem"));
    }

    @Parameter public String storageName;

    @Parameter(1)
    public SupplierWithException<CheckpointStorage, IOException> storageSupplier;

    @Override
    protected ConfigurableStateBackend getStateBackend() {
        return new InstrumentedHashMapStateBackend().setSampleInterval(1);
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
        return true;
    }

    // As in Flink's HashMapStateBackendTest: the verification does not work for heap backends.
    @Override
    @TestTemplate
    void testValueStateRestoreWithWrongSerializers() {}

    @Override
    @TestTemplate
    void testListStateRestoreWithWrongSerializers() {}

    @Override
    @TestTemplate
    void testReducingStateRestoreWithWrongSerializers() {}

    @Override
    @TestTemplate
    void testMapStateRestoreWithWrongSerializers() {}

    @Override
    @Disabled("Not supported by heap backends, as in Flink's HashMapStateBackendTest")
    @TestTemplate
    void testConcurrentMapIfQueryable() throws Exception {
        super.testConcurrentMapIfQueryable();
    }
}
