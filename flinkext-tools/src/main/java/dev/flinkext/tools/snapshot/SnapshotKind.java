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
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointProperties;
import org.apache.flink.runtime.checkpoint.CheckpointType;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.checkpoint.SnapshotType;

import javax.annotation.Nullable;

/** What a snapshot is, as its metadata records it (format version 4 and later). */
@Internal
public enum SnapshotKind {
    CHECKPOINT("checkpoint"),
    FULL_CHECKPOINT("full-checkpoint"),
    CANONICAL_SAVEPOINT("canonical-savepoint"),
    NATIVE_SAVEPOINT("native-savepoint"),
    /** Format versions before 4 record no kind. */
    UNKNOWN("unknown");

    private final String label;

    SnapshotKind(String label) {
        this.label = label;
    }

    /** The name in the JSON output and the table. */
    public String label() {
        return label;
    }

    static SnapshotKind of(@Nullable CheckpointProperties properties) {
        if (properties == null) {
            return UNKNOWN;
        }
        SnapshotType type = properties.getCheckpointType();
        if (type instanceof SavepointType) {
            return ((SavepointType) type).getFormatType() == SavepointFormatType.NATIVE
                    ? NATIVE_SAVEPOINT
                    : CANONICAL_SAVEPOINT;
        }
        if (CheckpointType.FULL_CHECKPOINT.equals(type)) {
            return FULL_CHECKPOINT;
        }
        return CHECKPOINT;
    }
}
