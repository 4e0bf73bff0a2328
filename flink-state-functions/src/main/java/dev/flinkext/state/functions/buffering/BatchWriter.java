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
package dev.flinkext.state.functions.buffering;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Writes a {@link Batch} to the outside world. Called after the checkpoint that holds the batch has
 * completed, and again with the same batch (same id, same records) if the job restores from that
 * checkpoint before the next one: write it idempotently on {@link Batch#id()} (an upsert, a table
 * of written ids, a file named after the id) and the sink's output is exactly-once.
 *
 * @param <T> the records' type
 */
@PublicEvolving
@FunctionalInterface
public interface BatchWriter<T> extends Serializable {
    /** Writes the batch; an exception fails the job, which restores and writes it again. */
    void write(Batch<T> batch) throws Exception;
}
