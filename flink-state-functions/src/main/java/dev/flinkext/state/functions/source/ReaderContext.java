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
package dev.flinkext.state.functions.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.SourceReaderContext;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What {@link ReaderHooks} may know about their reader: which subtask and attempt it is, which
 * partitions it reads and how far, and when checkpoints complete. Live views: read them in the
 * hooks, on the mailbox thread.
 */
@PublicEvolving
public interface ReaderContext {

    /** The index of this subtask, from 0. */
    int subtask();

    /** The number of parallel subtasks of the source. */
    int parallelism();

    /** The execution attempt of this subtask: 0 until it first fails over, then 1, 2, … */
    int attemptNumber();

    /**
     * The partitions this reader has been assigned so far and their next offsets (read-only):
     * restored ones, with their checkpointed offsets, and those the enumerator assigned.
     */
    Map<Integer, Long> offsets();

    /**
     * The records this reader's partitions have emitted, restored progress included: the sum of
     * {@link #offsets()}.
     */
    long emitted();

    /**
     * A future that completes once {@code count} checkpoints have completed whose snapshot of this
     * reader was taken after this call: then every record emitted before this call is in a
     * completed checkpoint. It never completes if the reader closes first.
     */
    CompletionStage<Void> checkpointsCompleted(int count);

    /** Flink's context of this reader: its metric group, configuration, class loader. */
    SourceReaderContext flinkContext();
}
