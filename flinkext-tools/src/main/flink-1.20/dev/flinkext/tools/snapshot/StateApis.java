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
package dev.flinkext.tools.snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;

/**
 * Flink 1.20 adapter: which API wrote a keyed state. Flink 1.20 has no State V2 meta information
 * (2.x's {@code KEY_VALUE_V2}, which its ForSt backend writes): every key-value state here is V1.
 */
@Internal
final class StateApis {

    private StateApis() {}

    /** Whether {@code metaInfo} is a State V2 key-value state: never on this line. */
    static boolean isStateV2(StateMetaInfoSnapshot metaInfo) {
        return false;
    }
}
