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
 * Flink 2.x adapter: which API wrote a keyed state. The asynchronous state API (State V2) has its
 * own meta information type on this line, {@code KEY_VALUE_V2}, which only Flink's ForSt backend
 * writes (heap and RocksDB serve the V2 API through an adaptor over their V1 states and write
 * {@code KEY_VALUE}); its options carry the descriptor's type as V1's do.
 */
@Internal
final class StateApis {

    private StateApis() {}

    /** Whether {@code metaInfo} is a State V2 key-value state. */
    static boolean isStateV2(StateMetaInfoSnapshot metaInfo) {
        return metaInfo.getBackendStateType()
                == StateMetaInfoSnapshot.BackendStateType.KEY_VALUE_V2;
    }
}
