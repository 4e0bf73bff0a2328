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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.state.forst.ForStOptions;
import org.apache.flink.state.forst.ForStStateBackend;

import java.io.File;

/**
 * Flink 2.x adapter: Flink's ForSt backend for the offline restore of State V2 keyed state (Flink
 * 1.20 has neither).
 *
 * <p>It restores through {@code createKeyedStateBackend}, i.e. ForSt's synchronous keyed backend,
 * whose restore turns State V2 meta information into V1's (Flink's own path for a job that moves
 * from ForSt's asynchronous API to its synchronous one) and reads the states back like RocksDB's.
 * Everything it restores lives in the temporary folder: the database is local ({@code primary-dir:
 * local-dir}), so the checkpoint's files are copied, never linked or claimed.
 */
@Internal
final class OfflineForSt {

    private OfflineForSt() {}

    /** ForSt configured as {@code configuration} says, its files in {@code tmp}, unmanaged. */
    static StateBackend backend(Configuration configuration, File tmp, ClassLoader classLoader) {
        Configuration forst = new Configuration(configuration);
        forst.set(ForStOptions.LOCAL_DIRECTORIES, tmp.getAbsolutePath());
        forst.set(ForStOptions.PRIMARY_DIRECTORY, "local-dir");
        forst.set(ForStOptions.SYNC_ENFORCE_LOCAL, true);
        // No task slot offline: no managed memory to share.
        forst.set(ForStOptions.USE_MANAGED_MEMORY, false);
        return new ForStStateBackend().configure(forst, classLoader);
    }
}
