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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.util.ExceptionUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The reader of a {@link ReplayableSource}: reads its partitions in turn, one record per {@link
 * #pollNext} call, on the mailbox thread. It blocks nothing: where a hook returns a future, it
 * reports {@link InputStatus#NOTHING_AVAILABLE} and makes {@link #isAvailable()} wait for it.
 */
@Internal
public final class ReplayableSourceReader<T> implements SourceReader<T, PartitionSplit> {

    /** The metric scope variable of the execution attempt (Flink's {@code ScopeFormat}). */
    static final String ATTEMPT_VARIABLE = "<task_attempt_num>";

    private final ReplayableSource<T> source;
    private final SourceReaderContext flinkContext;
    private final TreeMap<Integer, Long> offsets = new TreeMap<>();
    private final Set<Integer> endedPartitions = new HashSet<>();
    private final List<CheckpointWaiter> waiters = new ArrayList<>();
    private final Context context = new Context();

    private ReaderHooks hooks;
    // The next partition to try: the lowest partition >= cursor that has not ended.
    private int cursor;
    private boolean noMoreSplits;
    private boolean lastRecordSeen;
    private boolean finished;
    // A hook's future that reading waits for; readNow says the next read needs no hook call.
    private CompletableFuture<?> gate;
    private boolean readNow;
    // Completed by addSplits / notifyNoMoreSplits while the reader waits for work.
    private CompletableFuture<Void> work = new CompletableFuture<>();

    ReplayableSourceReader(ReplayableSource<T> source, SourceReaderContext flinkContext) {
        this.source = source;
        this.flinkContext = flinkContext;
    }

    @Override
    public void start() {
        try {
            hooks = source.newHooks(context);
        } catch (Exception e) {
            ExceptionUtils.rethrow(e);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (gate != null) {
            if (!gate.isDone()) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            passGate();
        }
        if (finished) {
            return InputStatus.END_OF_INPUT;
        }
        Integer partition = nextPartition();
        if (partition == null) {
            if (!noMoreSplits) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            if (!lastRecordSeen) {
                lastRecordSeen = true;
                if (await(hooks.afterLastRecord())) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            finished = true;
            return InputStatus.END_OF_INPUT;
        }
        if (!readNow && await(hooks.beforeRead())) {
            readNow = true;
            return InputStatus.NOTHING_AVAILABLE;
        }
        readNow = false;
        long offset = offsets.get(partition);
        T record = source.readRecord(partition, offset);
        cursor = partition + 1;
        if (record == null) {
            endedPartitions.add(partition);
        } else {
            output.collect(record);
            offsets.put(partition, offset + 1);
        }
        return InputStatus.MORE_AVAILABLE;
    }

    /** True if the stage is still running: then it becomes the gate that reading waits for. */
    private boolean await(CompletionStage<?> stage) throws Exception {
        if (stage == null) {
            return false;
        }
        gate = stage.toCompletableFuture();
        if (!gate.isDone()) {
            return true;
        }
        passGate();
        return false;
    }

    private void passGate() throws Exception {
        CompletableFuture<?> done = gate;
        gate = null;
        try {
            done.get();
        } catch (ExecutionException e) {
            ExceptionUtils.rethrowException(e.getCause());
        }
    }

    private Integer nextPartition() {
        for (int round = 0; round < 2; round++) {
            for (Map.Entry<Integer, Long> e : offsets.tailMap(cursor, true).entrySet()) {
                if (!endedPartitions.contains(e.getKey())) {
                    return e.getKey();
                }
            }
            cursor = 0;
        }
        return null;
    }

    @Override
    public List<PartitionSplit> snapshotState(long checkpointId) {
        for (CheckpointWaiter waiter : waiters) {
            waiter.snapshotTaken(checkpointId);
        }
        // Ended partitions too: they keep their end offset, and so the emitted count.
        List<PartitionSplit> splits = new ArrayList<>(offsets.size());
        offsets.forEach((p, o) -> splits.add(new PartitionSplit(p, o)));
        return splits;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (gate != null) {
            return gate.handle((v, e) -> null);
        }
        if (finished || noMoreSplits || nextPartition() != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (work.isDone()) {
            work = new CompletableFuture<>();
        }
        return work;
    }

    @Override
    public void addSplits(List<PartitionSplit> splits) {
        for (PartitionSplit split : splits) {
            if (offsets.putIfAbsent(split.partition(), split.offset()) != null) {
                throw new IllegalStateException(
                        "ReplayableSource subtask "
                                + flinkContext.getIndexOfSubtask()
                                + " was assigned "
                                + split
                                + " but already reads that partition");
            }
        }
        work.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        work.complete(null);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        Iterator<CheckpointWaiter> it = waiters.iterator();
        while (it.hasNext()) {
            if (it.next().checkpointCompleted(checkpointId)) {
                it.remove();
            }
        }
        hooks.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void close() throws Exception {
        if (hooks != null) {
            hooks.close();
        }
    }

    /** Waits for a number of completed checkpoints whose snapshot came after its creation. */
    private static final class CheckpointWaiter {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        long firstEligible = -1;
        int remaining;

        CheckpointWaiter(int count) {
            this.remaining = count;
        }

        void snapshotTaken(long checkpointId) {
            if (firstEligible < 0) {
                firstEligible = checkpointId;
            }
        }

        boolean checkpointCompleted(long checkpointId) {
            if (firstEligible >= 0 && checkpointId >= firstEligible && --remaining == 0) {
                future.complete(null);
                return true;
            }
            return false;
        }
    }

    private final class Context implements ReaderContext {

        private Integer attempt;

        @Override
        public int subtask() {
            return flinkContext.getIndexOfSubtask();
        }

        @Override
        public int parallelism() {
            return flinkContext.currentParallelism();
        }

        @Override
        public int attemptNumber() {
            if (attempt == null) {
                // Neither line's SourceReaderContext names the attempt; its metric scope does.
                String value = flinkContext.metricGroup().getAllVariables().get(ATTEMPT_VARIABLE);
                if (value == null) {
                    throw new IllegalStateException(
                            "the reader's metric group has no variable "
                                    + ATTEMPT_VARIABLE
                                    + " to tell its execution attempt");
                }
                attempt = Integer.parseInt(value);
            }
            return attempt;
        }

        @Override
        public Map<Integer, Long> offsets() {
            return Collections.unmodifiableMap(offsets);
        }

        @Override
        public long emitted() {
            return offsets.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public CompletionStage<Void> checkpointsCompleted(int count) {
            if (count < 1) {
                throw new IllegalArgumentException(
                        "checkpointsCompleted needs a count of at least 1, got " + count);
            }
            CheckpointWaiter waiter = new CheckpointWaiter(count);
            waiters.add(waiter);
            return waiter.future;
        }

        @Override
        public SourceReaderContext flinkContext() {
            return flinkContext;
        }
    }
}
