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

import javax.annotation.Nullable;

import java.util.List;

/**
 * What one subtask's keyed state stream holds: its states (from the meta information the stream
 * starts with, or, for RocksDB files whose meta information cannot be read, from the files' column
 * families) and, where the format allows, the bytes each state takes in the stream.
 */
@Internal
public final class KeyedStateLayout {

    /** One state: its name and kind (see {@link StateKinds}). */
    public record State(String name, String kind) {}

    private final String format;
    private final List<State> states;
    @Nullable private final long[] sizes;
    @Nullable private final String note;

    KeyedStateLayout(
            String format, List<State> states, @Nullable long[] sizes, @Nullable String note) {
        this.format = format;
        this.states = states;
        this.sizes = sizes;
        this.note = note;
    }

    /**
     * {@code heap} (the heap backend's checkpoint format), {@code full} (the unified format of
     * canonical savepoints and RocksDB full checkpoints), {@code incremental} (RocksDB's SST
     * files), {@code forst} (SST files of Flink 2.x's ForSt backend with State V2 states), {@code
     * changelog}, {@code raw} or {@code unknown}.
     */
    public String format() {
        return format;
    }

    /**
     * The states, in the order of their ids in the stream (by name when named after SST files);
     * empty when they could not be read.
     */
    public List<State> states() {
        return states;
    }

    /** Bytes per state (index as {@link #states()}), or null when not attributable. */
    @Nullable
    public long[] sizes() {
        return sizes;
    }

    /** Why names or sizes are missing, or null. */
    @Nullable
    public String note() {
        return note;
    }
}
