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

import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-state sizes of an operator state stream from the offsets its handle records. */
class OperatorStateLayoutTest {

    @Test
    void statesSpanFromTheirFirstOffsetToTheNextState() {
        Map<String, OperatorStateHandle.StateMetaInfo> offsets = new LinkedHashMap<>();
        offsets.put("pending", info(OperatorStateHandle.Mode.SPLIT_DISTRIBUTE, 40, 48, 56));
        offsets.put("seen", info(OperatorStateHandle.Mode.UNION, 64));
        offsets.put("rules", info(OperatorStateHandle.Mode.BROADCAST, 72));
        offsets.put("empty", info(OperatorStateHandle.Mode.SPLIT_DISTRIBUTE));
        OperatorStateLayout layout = OperatorStateLayout.of(handle(offsets, 100), false);
        assertThat(layout.sizes())
                .containsEntry("pending", 24L)
                .containsEntry("seen", 8L)
                .containsEntry("rules", 28L)
                .containsEntry("empty", 0L);
        assertThat(layout.kinds())
                .containsEntry("pending", "operator-list")
                .containsEntry("seen", "operator-union")
                .containsEntry("rules", "broadcast");
    }

    @Test
    void offsetsThatDoNotTileTheStreamAreNotAttributable() {
        Map<String, OperatorStateHandle.StateMetaInfo> offsets = new LinkedHashMap<>();
        offsets.put("a", info(OperatorStateHandle.Mode.SPLIT_DISTRIBUTE, 40, 90));
        offsets.put("b", info(OperatorStateHandle.Mode.SPLIT_DISTRIBUTE, 60));
        assertThat(OperatorStateLayout.of(handle(offsets, 100), false).sizes()).isNull();
        offsets.clear();
        offsets.put("a", info(OperatorStateHandle.Mode.SPLIT_DISTRIBUTE, 140));
        assertThat(OperatorStateLayout.of(handle(offsets, 100), true).sizes()).isNull();
        assertThat(OperatorStateLayout.of(handle(offsets, 100), true).kinds())
                .containsEntry("a", "raw-operator");
    }

    private static OperatorStateHandle.StateMetaInfo info(
            OperatorStateHandle.Mode mode, long... offsets) {
        return new OperatorStateHandle.StateMetaInfo(offsets, mode);
    }

    private static OperatorStateHandle handle(
            Map<String, OperatorStateHandle.StateMetaInfo> offsets, int size) {
        return new OperatorStreamStateHandle(
                offsets, new ByteStreamStateHandle("stream", new byte[size]));
    }
}
