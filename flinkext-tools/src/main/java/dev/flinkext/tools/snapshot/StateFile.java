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
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.StreamStateHandle;

import javax.annotation.Nullable;

/**
 * One stream a snapshot references, with the operator, subtask and role it has there: a file (or a
 * region of one, for file-merging segments) or bytes inline in the metadata.
 */
@Internal
public final class StateFile {

    /** What the stream holds for its subtask. */
    public enum Role {
        OPERATOR("operator state"),
        RAW_OPERATOR("raw operator state"),
        KEYED("keyed state"),
        RAW_KEYED("raw keyed state"),
        SHARED("shared keyed state (RocksDB SST)"),
        PRIVATE("private keyed state (RocksDB)"),
        META("keyed state meta data (RocksDB)"),
        CHANGELOG("keyed state changelog"),
        CHANNEL("in-flight channel data"),
        COORDINATOR("operator coordinator state");

        private final String description;

        Role(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final OperatorID operator;
    private final int subtask;
    private final Role role;
    private final StreamStateHandle handle;
    private final StateObject owner;
    @Nullable private final Path path;
    private final long offset;

    StateFile(
            OperatorID operator,
            int subtask,
            Role role,
            StreamStateHandle handle,
            StateObject owner,
            @Nullable Path path,
            long offset) {
        this.operator = operator;
        this.subtask = subtask;
        this.role = role;
        this.handle = handle;
        this.owner = owner;
        this.path = path;
        this.offset = offset;
    }

    public OperatorID operator() {
        return operator;
    }

    /** The subtask index, or -1 for the operator's coordinator. */
    public int subtask() {
        return subtask;
    }

    public Role role() {
        return role;
    }

    public StreamStateHandle handle() {
        return handle;
    }

    /** The subtask's top-level handle this stream belongs to (a keyed or operator state handle). */
    public StateObject owner() {
        return owner;
    }

    /** The file, or null for bytes inline in the metadata. */
    @Nullable
    public Path path() {
        return path;
    }

    /** Where the stream starts in its file (non-zero for file-merging segments). */
    public long offset() {
        return offset;
    }

    /** The stream's bytes as its handle recorded them. */
    public long size() {
        return handle.getStateSize();
    }

    /**
     * The bytes this stream holds for its subtask, as Flink counts them in the subtask's state
     * size: the stream's size, but for channel state the channel handle's own part, since channel
     * handles share streams (input and output channels of a subtask, and on Flink 2.x several
     * subtasks, write into one file).
     */
    public long ownBytes() {
        return role == Role.CHANNEL ? owner.getStateSize() : size();
    }
}
