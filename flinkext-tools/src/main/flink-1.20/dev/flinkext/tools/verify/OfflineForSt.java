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

import java.io.File;

/**
 * Flink 1.20 adapter: Flink 1.20 has no ForSt backend, and writes no State V2 state for it to
 * restore; a snapshot that holds such state is Flink 2.x's, which the 2.x line of the tools reads.
 */
@Internal
final class OfflineForSt {

    private OfflineForSt() {}

    /**
     * @throws IllegalStateException always: there is no ForSt backend on Flink 1.20
     */
    static StateBackend backend(Configuration configuration, File tmp, ClassLoader classLoader) {
        throw new IllegalStateException(
                "Flink 1.20 has no ForSt backend; State V2 state is Flink 2.x's (the 2.x line of"
                        + " the tools restores it)");
    }
}
