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

import java.util.concurrent.CompletionStage;

/**
 * What a {@link ReplayableSource} reader calls around its reads: the place to throttle, to pause,
 * to inject failures in tests, or to keep a subtask open after its last record.
 *
 * <p>All methods are called on the task's mailbox thread, the thread that also takes checkpoints,
 * and must not block it. To wait, return a future: the reader reads nothing until it completes
 * (normally, or exceptionally, which fails the task), while checkpoints go on. The futures may be
 * completed from any thread. Throwing fails the task.
 */
@PublicEvolving
public interface ReaderHooks {

    /** No hooks: read as fast as the job takes the records, end after the last one. */
    ReaderHooks NONE = new ReaderHooks() {};

    /**
     * Called before each read (also before the read that finds a partition's end). Returns null, or
     * a completed future, to read now, or a future that pauses reading until it completes; the read
     * that follows does not call this hook again.
     */
    default CompletionStage<?> beforeRead() throws Exception {
        return null;
    }

    /**
     * Called once after this subtask's last partition has ended and the enumerator has said that no
     * more partitions will come, before the reader reports the end of its input. Returns null to
     * end now, or a future that keeps the reader (and so the job) open until it completes.
     */
    default CompletionStage<?> afterLastRecord() throws Exception {
        return null;
    }

    /** Called when a checkpoint has completed (Flink's {@code notifyCheckpointComplete}). */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {}

    /** Called when the reader closes, normally or after a failure. */
    default void close() throws Exception {}
}
