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
import org.apache.flink.runtime.state.OperatorStateHandle;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The states of one subtask's operator state stream and the bytes each takes, from the handle's map
 * of state name to mode and offsets (no I/O).
 *
 * <p>Flink's operator backend writes the stream's meta information first and then each state's
 * elements one after the other; each offset is the position where an element starts (a broadcast
 * state has one offset, where its map starts). So a state spans from its first offset to the next
 * state's first offset, the last one to the end of the stream, and a state without offsets is
 * empty. When the offsets do not tile the stream that way, sizes are not attributable.
 */
@Internal
public final class OperatorStateLayout {

    /** Name to kind, in the handle's order. */
    private final Map<String, String> kinds;

    @Nullable private final Map<String, Long> sizes;

    private OperatorStateLayout(Map<String, String> kinds, @Nullable Map<String, Long> sizes) {
        this.kinds = kinds;
        this.sizes = sizes;
    }

    /** The layout of {@code handle}; raw operator state gets the kind {@code raw-operator}. */
    public static OperatorStateLayout of(OperatorStateHandle handle, boolean raw) {
        Map<String, String> kinds = new LinkedHashMap<>();
        List<Map.Entry<String, Long>> starts = new ArrayList<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> entry :
                handle.getStateNameToPartitionOffsets().entrySet()) {
            String name = entry.getKey();
            OperatorStateHandle.StateMetaInfo info = entry.getValue();
            kinds.put(
                    name,
                    raw
                            ? StateKinds.RAW_OPERATOR
                            : StateKinds.operator(info.getDistributionMode()));
            long[] offsets = info.getOffsets();
            if (offsets.length == 0) {
                sizes.put(name, 0L);
            } else {
                starts.add(Map.entry(name, offsets[0]));
            }
        }
        starts.sort(Comparator.comparingLong(Map.Entry::getValue));
        long end = handle.getDelegateStateHandle().getStateSize();
        boolean tiles = true;
        for (int i = 0; i < starts.size() && tiles; i++) {
            long start = starts.get(i).getValue();
            long next = i + 1 < starts.size() ? starts.get(i + 1).getValue() : end;
            tiles = start >= 0 && next > start && next <= end;
            sizes.put(starts.get(i).getKey(), next - start);
        }
        if (tiles) {
            // Each state's other offsets must lie inside its own span.
            for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> entry :
                    handle.getStateNameToPartitionOffsets().entrySet()) {
                long[] offsets = entry.getValue().getOffsets();
                if (offsets.length > 0) {
                    long first = offsets[0];
                    long last = first + sizes.get(entry.getKey());
                    for (long offset : offsets) {
                        tiles &= offset >= first && offset < last;
                    }
                }
            }
        }
        return new OperatorStateLayout(kinds, tiles ? sizes : null);
    }

    /** State name to kind. */
    public Map<String, String> kinds() {
        return kinds;
    }

    /** State name to bytes, or null when the offsets do not tile the stream. */
    @Nullable
    public Map<String, Long> sizes() {
        return sizes;
    }
}
