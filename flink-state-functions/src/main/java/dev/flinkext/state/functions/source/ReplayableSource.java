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
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.Preconditions;

/**
 * A replayable FLIP-27 {@link Source} over a fixed number of partitions, each read by offset (a
 * line number, a row id, a position in a log): the successor of the {@code SourceFunction}-based
 * {@code OffsetTrackingSource}, for both Flink lines (1.20 and 2.x).
 *
 * <p>Every partition is a {@link PartitionSplit} that carries its next offset, so the offsets are
 * checkpointed with the reader's splits, and partitions not yet handed to a reader are kept in the
 * enumerator's checkpoint ({@link UnassignedPartitions}). After a failure, and after a restore at
 * any other parallelism, every partition is read by exactly one subtask from exactly where the
 * checkpoint left it, so nothing is read twice and nothing is skipped. A record is emitted and its
 * offset advanced in the same call on the task's mailbox thread, so a checkpoint never sees one
 * without the other. On a fresh start subtask {@code i} of {@code n} reads the partitions {@code p}
 * with {@code p % n == i}; partitions that Flink hands back to the enumerator after a subtask
 * failed (before they reached a checkpoint) go to the same subtask again.
 *
 * <p>Subclasses implement {@link #read}; a partition ends when it returns {@code null}, a subtask
 * when all its partitions have ended, the source when all subtasks have. To throttle, pause or keep
 * a subtask open, override {@link #createHooks}: the {@link ReaderHooks} are called on the mailbox
 * thread and must not block; they return a future instead, and reading waits for it without holding
 * up checkpoints.
 *
 * <p>Use it with {@code env.fromSource(source, WatermarkStrategy.noWatermarks(), name)}. The source
 * is {@link Boundedness#BOUNDED}.
 *
 * @param <T> the records' type
 */
@PublicEvolving
public abstract class ReplayableSource<T>
        implements Source<T, PartitionSplit, UnassignedPartitions> {

    private static final long serialVersionUID = 1L;

    private final int partitions;

    protected ReplayableSource(int partitions) {
        Preconditions.checkArgument(
                partitions >= 1, "partitions must be at least 1, got %s", partitions);
        this.partitions = partitions;
    }

    /** The number of partitions, fixed for the life of the job (its checkpoints included). */
    public final int partitions() {
        return partitions;
    }

    /**
     * Reads the record at {@code offset} of {@code partition}, or returns null when the partition
     * has no more records. Must return the same record for the same partition and offset every
     * time: that is what makes the source replayable. Called on the task's mailbox thread: it
     * should return quickly (use {@link ReaderHooks#beforeRead} to wait).
     */
    protected abstract T read(int partition, long offset) throws Exception;

    /**
     * Creates the hooks of one reader (one subtask's execution attempt); called once per reader, on
     * the task. The default has no hooks.
     */
    protected ReaderHooks createHooks(ReaderContext context) throws Exception {
        return ReaderHooks.NONE;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public final SourceReader<T, PartitionSplit> createReader(SourceReaderContext readerContext)
            throws Exception {
        return new ReplayableSourceReader<>(this, readerContext);
    }

    @Override
    public final SplitEnumerator<PartitionSplit, UnassignedPartitions> createEnumerator(
            SplitEnumeratorContext<PartitionSplit> enumContext) {
        return new PartitionEnumerator(enumContext, UnassignedPartitions.all(partitions));
    }

    @Override
    public final SplitEnumerator<PartitionSplit, UnassignedPartitions> restoreEnumerator(
            SplitEnumeratorContext<PartitionSplit> enumContext, UnassignedPartitions checkpoint) {
        return new PartitionEnumerator(enumContext, checkpoint);
    }

    @Override
    public final SimpleVersionedSerializer<PartitionSplit> getSplitSerializer() {
        return PartitionSplitSerializer.INSTANCE;
    }

    @Override
    public final SimpleVersionedSerializer<UnassignedPartitions>
            getEnumeratorCheckpointSerializer() {
        return UnassignedPartitionsSerializer.INSTANCE;
    }

    /** Lets the reader, in this package, call the protected hooks. */
    final T readRecord(int partition, long offset) throws Exception {
        return read(partition, offset);
    }

    final ReaderHooks newHooks(ReaderContext context) throws Exception {
        ReaderHooks hooks = createHooks(context);
        return hooks == null ? ReaderHooks.NONE : hooks;
    }
}
