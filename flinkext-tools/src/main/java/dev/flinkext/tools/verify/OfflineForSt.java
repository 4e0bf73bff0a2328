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
package dev.flinkext.tools.verify;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;

import java.io.File;

/**
 * Flink 2.x's ForSt backend for the offline restore of State V2 keyed state, loaded by name as
 * Flink loads it for {@code state.backend.type: forst}: Flink's ForSt jar is on the 2.x tools'
 * classpath (a runtime dependency), never on their compile classpath, and the 1.20 line has none
 * (nor State V2 snapshots to restore).
 *
 * <p>It restores through {@code createKeyedStateBackend}, i.e. ForSt's synchronous keyed backend,
 * whose restore turns State V2 meta information into V1's (Flink's own path for a job that moves
 * from ForSt's asynchronous API to its synchronous one) and reads the states back like RocksDB's.
 * Everything it restores lives in the temporary folder: the database is local ({@code primary-dir:
 * local-dir}), so the checkpoint's files are copied, never linked or claimed.
 */
@Internal
final class OfflineForSt {

    // ForSt's own options (ForStOptions), which are not on the compile classpath.
    private static final ConfigOption<String> LOCAL_DIRECTORIES =
            ConfigOptions.key("state.backend.forst.local-dir").stringType().noDefaultValue();
    private static final ConfigOption<String> PRIMARY_DIRECTORY =
            ConfigOptions.key("state.backend.forst.primary-dir").stringType().noDefaultValue();
    private static final ConfigOption<Boolean> SYNC_ENFORCE_LOCAL =
            ConfigOptions.key("state.backend.forst.sync.enforce-local")
                    .booleanType()
                    .noDefaultValue();
    private static final ConfigOption<Boolean> USE_MANAGED_MEMORY =
            ConfigOptions.key("state.backend.forst.memory.managed").booleanType().noDefaultValue();

    private OfflineForSt() {}

    /**
     * ForSt configured as {@code configuration} says, its files in {@code tmp}, unmanaged.
     *
     * @throws IllegalStateException with a one-line message when Flink's ForSt backend is not on
     *     the classpath
     */
    static StateBackend backend(Configuration configuration, File tmp, ClassLoader classLoader) {
        Configuration forst = new Configuration(configuration);
        forst.set(StateBackendOptions.STATE_BACKEND, "forst");
        forst.set(LOCAL_DIRECTORIES, tmp.getAbsolutePath());
        forst.set(PRIMARY_DIRECTORY, "local-dir");
        forst.set(SYNC_ENFORCE_LOCAL, true);
        // No task slot offline: no managed memory to share.
        forst.set(USE_MANAGED_MEMORY, false);
        try {
            return StateBackendLoader.loadStateBackendFromConfig(forst, classLoader, null);
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException(
                    "Flink's ForSt backend (org.apache.flink:flink-statebackend-forst) cannot be"
                            + " loaded here: "
                            + DeepVerifier.describe(e),
                    e);
        }
    }
}
