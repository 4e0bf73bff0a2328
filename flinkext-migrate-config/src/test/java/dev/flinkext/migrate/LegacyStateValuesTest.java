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
package dev.flinkext.migrate;

import org.apache.flink.runtime.state.StateBackendLoader;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written value table checked against Flink: each legacy name and class is deprecated in
 * Flink 1.20 and gone from Flink 2.3.0; the 2.x RocksDB class exists where the table says.
 */
class LegacyStateValuesTest {

    @Test
    void legacyShortNamesAreFlink120sDeprecatedOnes() throws Exception {
        List<String> deprecated = new ArrayList<>();
        for (Field field : StateBackendLoader.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.getName().endsWith("_STATE_BACKEND_NAME")
                    && field.isAnnotationPresent(Deprecated.class)) {
                deprecated.add((String) field.get(null));
            }
        }
        assertThat(deprecated)
                .containsExactlyInAnyOrder(
                        LegacyStateValues.MEMORY_NAME, LegacyStateValues.FS_NAME);
    }

    @Test
    void legacyFactoriesBuildDeprecatedBackendsAndAreGoneIn2() throws Exception {
        ClassLoader flink2 = Flink2Classpath.loader();
        for (String factory :
                List.of(
                        LegacyStateValues.MEMORY_FACTORY,
                        LegacyStateValues.FS_FACTORY,
                        LegacyStateValues.ROCKSDB_FACTORY)) {
            Class<?> built = builtBy(Class.forName(factory));
            assertThat(built.isAnnotationPresent(Deprecated.class)).as(built.getName()).isTrue();
            for (Class<?> gone : List.of(Class.forName(factory), built)) {
                assertThat(flink2.getResource(gone.getName().replace('.', '/') + ".class"))
                        .as(gone.getName() + " in Flink 2.3.0")
                        .isNull();
            }
        }
    }

    /** The backend class a factory's createFromConfig declares (not the bridge method's). */
    private static Class<?> builtBy(Class<?> factory) {
        for (Method method : factory.getDeclaredMethods()) {
            if (method.getName().equals("createFromConfig") && !method.isBridge()) {
                return method.getReturnType();
            }
        }
        throw new AssertionError(factory + " has no createFromConfig");
    }

    @Test
    void rocksDbFactoryMovedIn2AndTheOldNameIsADeprecatedShim() throws Exception {
        ClassLoader flink2 = Flink2Classpath.loader();
        assertThat(Class.forName(LegacyStateValues.EMBEDDED_ROCKSDB_FACTORY_1X))
                .satisfies(c -> assertThat(c.isAnnotationPresent(Deprecated.class)).isFalse());
        Class<?> shim = Class.forName(LegacyStateValues.EMBEDDED_ROCKSDB_FACTORY_1X, false, flink2);
        assertThat(shim.isAnnotationPresent(Deprecated.class)).isTrue();
        assertThat(Class.forName(LegacyStateValues.EMBEDDED_ROCKSDB_FACTORY_2X, false, flink2))
                .isNotNull();
    }

    @Test
    void translations() {
        assertThat(LegacyStateValues.ofBackend("JobManager", MigrationTarget.FLINK_1_20))
                .hasValueSatisfying(
                        t -> {
                            assertThat(t.backend()).isEqualTo("hashmap");
                            assertThat(t.storage()).isEqualTo(LegacyStateValues.Storage.JOBMANAGER);
                        });
        assertThat(LegacyStateValues.ofBackend("rocksdb", MigrationTarget.FLINK_2)).isEmpty();
        assertThat(
                        LegacyStateValues.ofBackend(
                                LegacyStateValues.EMBEDDED_ROCKSDB_FACTORY_1X,
                                MigrationTarget.FLINK_1_20))
                .isEmpty();
        assertThat(
                        LegacyStateValues.ofBackend(
                                LegacyStateValues.EMBEDDED_ROCKSDB_FACTORY_1X,
                                MigrationTarget.FLINK_2))
                .hasValueSatisfying(t -> assertThat(t.backend()).isEqualTo("rocksdb"));
    }
}
