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

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.Preconditions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A sink that buffers records and writes them in batches of at most {@code maxBatchSize}, each
 * batch only after the checkpoint that covers its records has completed: nothing is written that a
 * restore could replay, and nothing buffered is lost, because a batch is part of the checkpoint
 * until it has been written.
 *
 * <p>This is Flink's two-phase sink protocol ({@link SupportsCommitter}) with the batch as the
 * committable: the writer cuts batches at each checkpoint barrier, Flink keeps them in the
 * checkpoint, and the committer writes them once the checkpoint is complete, retrying them after a
 * restore. Make the {@link BatchWriter} idempotent on {@link Batch#id()} and the output is
 * exactly-once. Records wait for the next checkpoint before they are written, so checkpointing must
 * be enabled (a bounded job's last batches are written by its final checkpoint).
 *
 * @param <T> the records' type
 */
@PublicEvolving
public final class BatchingSink<T> implements SinkAdapter<T>, SupportsCommitter<Batch<T>> {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> type;
    private final int maxBatchSize;
    private final BatchWriter<T> writer;

    public BatchingSink(TypeInformation<T> type, int maxBatchSize, BatchWriter<T> writer) {
        Preconditions.checkArgument(
                maxBatchSize >= 1, "maxBatchSize must be at least 1, got %s", maxBatchSize);
        this.type = Preconditions.checkNotNull(type, "type");
        this.maxBatchSize = maxBatchSize;
        this.writer = Preconditions.checkNotNull(writer, "writer");
    }

    /**
     * The writer, for either line's writer context ({@link SinkAdapter}). Internal: Flink calls it
     * through {@code createWriter}, and its parameter type is Flink's {@code @Internal} base of the
     * writer contexts.
     */
    @Internal
    @Override
    public CommittingSinkWriter<T, Batch<T>> writerFor(
            org.apache.flink.api.connector.sink2.InitContext context) {
        return new BatchCutter<>(context.getTaskInfo().getIndexOfThisSubtask(), maxBatchSize);
    }

    @Override
    public Committer<Batch<T>> createCommitter(CommitterInitContext context) {
        return new BatchCommitter<>(writer);
    }

    @Override
    public SimpleVersionedSerializer<Batch<T>> getCommittableSerializer() {
        return new BatchSerializer<>(type.createSerializer(new SerializerConfigImpl()));
    }

    /** Buffers records and cuts them into batches at every checkpoint barrier. */
    static final class BatchCutter<T> implements CommittingSinkWriter<T, Batch<T>> {
        private final String prefix;
        private final int maxBatchSize;
        private List<T> buffer = new ArrayList<>();
        private long sequence;

        BatchCutter(int subtask, int maxBatchSize) {
            // Random per writer instance, so a restored writer never reuses an id that was written.
            this.prefix = subtask + "-" + UUID.randomUUID() + "-";
            this.maxBatchSize = maxBatchSize;
        }

        @Override
        public void write(T element, Context context) {
            buffer.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public Collection<Batch<T>> prepareCommit() {
            List<Batch<T>> batches = new ArrayList<>();
            for (int from = 0; from < buffer.size(); from += maxBatchSize) {
                List<T> records =
                        List.copyOf(
                                buffer.subList(from, Math.min(buffer.size(), from + maxBatchSize)));
                batches.add(new Batch<>(prefix + sequence++, records));
            }
            buffer = new ArrayList<>();
            return batches;
        }

        @Override
        public void close() {}
    }

    /** Writes batches once their checkpoint completed; a failure fails the job. */
    static final class BatchCommitter<T> implements Committer<Batch<T>> {
        private final BatchWriter<T> writer;

        BatchCommitter(BatchWriter<T> writer) {
            this.writer = writer;
        }

        @Override
        public void commit(Collection<CommitRequest<Batch<T>>> requests) throws IOException {
            for (CommitRequest<Batch<T>> request : requests) {
                try {
                    writer.write(request.getCommittable());
                } catch (Exception e) {
                    throw new IOException(
                            "Writing batch "
                                    + request.getCommittable().id()
                                    + " failed; the job restores and writes it again",
                            e);
                }
            }
        }

        @Override
        public void close() {}
    }
}
