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

import dev.flinkext.state.functions.CheckpointedMap;
import dev.flinkext.state.functions.OperatorStates;
import dev.flinkext.state.functions.Redistribution;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;
import org.apache.flink.util.Preconditions;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A replayable source over a fixed number of partitions, each read by offset (a line number, a row
 * id, a position in a log), that keeps one read offset per partition as operator state.
 *
 * <p>Offsets are kept per partition, not per subtask, with {@link Redistribution#EVEN_SPLIT}: after
 * a failure, and after a restore at any other parallelism, every partition is read by exactly one
 * subtask from exactly where the checkpoint left it, so nothing is read twice and nothing is
 * skipped. A record is emitted and its offset advanced under the checkpoint lock, so a checkpoint
 * never sees one without the other. On a fresh start subtask {@code i} of {@code n} reads the
 * partitions {@code p} with {@code p % n == i}.
 *
 * <p>Subclasses implement {@link #read}; a partition ends when it returns {@code null}, the source
 * when all its partitions have ended.
 *
 * @param <T> the records' type
 * @deprecated {@code SourceFunction} is deprecated in Flink 1.20 and removed in 2.0: use {@link
 *     ReplayableSource}, a FLIP-27 source with the same contract that runs on both lines (its
 *     {@link ReaderHooks} replace {@link #beforeRead} and {@link #afterLastRecord}). This class
 *     stays in the 1.20 artifact for existing jobs; its checkpoints do not restore into {@code
 *     ReplayableSource} (a different operator state).
 */
@Deprecated
@PublicEvolving
public abstract class OffsetTrackingSource<T> extends RichParallelSourceFunction<T>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private final int partitions;
    private final OperatorStates states = new OperatorStates();
    // No merge function: a partition that two subtasks both claim on restore is an error.
    private final CheckpointedMap<Integer, Long> offsets =
            states.map("partition-offsets", Types.INT, Types.LONG, Redistribution.EVEN_SPLIT, null);

    private transient volatile boolean running;

    protected OffsetTrackingSource(int partitions) {
        Preconditions.checkArgument(
                partitions >= 1, "partitions must be at least 1, got %s", partitions);
        this.partitions = partitions;
    }

    /**
     * Reads the record at {@code offset} of {@code partition}, or returns null when the partition
     * has no more records. Must return the same record for the same partition and offset every
     * time: that is what makes the source replayable.
     */
    protected abstract T read(int partition, long offset) throws Exception;

    /**
     * Called before each record is read, outside the checkpoint lock: a place to throttle or to
     * wait. {@code emitted} counts the records this subtask's partitions have emitted so far,
     * restored progress included.
     */
    protected void beforeRead(long emitted) throws Exception {}

    /** Called once after this subtask's last partition has ended, before the source finishes. */
    protected void afterLastRecord() throws Exception {}

    /** The partitions this subtask reads and their next offsets (read-only). */
    protected final Map<Integer, Long> offsets() {
        return Collections.unmodifiableMap(offsets.get());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        states.initialize(context);
        if (!states.isRestored()) {
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            for (int p = subtask; p < partitions; p += parallelism) {
                offsets.get().put(p, 0L);
            }
        }
    }

    @Override
    public void run(SourceContext<T> ctx) throws Exception {
        running = true;
        Map<Integer, Long> owned = offsets.get();
        int[] partitionsInOrder = owned.keySet().stream().mapToInt(p -> p).sorted().toArray();
        Set<Integer> ended = new HashSet<>();
        long emitted = owned.values().stream().mapToLong(Long::longValue).sum();
        while (running && ended.size() < owned.size()) {
            for (int partition : partitionsInOrder) {
                if (!running || ended.contains(partition)) {
                    continue;
                }
                beforeRead(emitted);
                long offset = owned.get(partition);
                T record = read(partition, offset);
                if (record == null) {
                    ended.add(partition);
                    continue;
                }
                synchronized (ctx.getCheckpointLock()) {
                    ctx.collect(record);
                    owned.put(partition, offset + 1);
                }
                emitted++;
            }
        }
        if (running) {
            afterLastRecord();
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // Called under the checkpoint lock: the offsets match the records emitted so far.
        states.snapshot();
    }

    @Override
    public void cancel() {
        running = false;
    }
}
