package dev.flinkext.examples.tour;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.io.ratelimiting.FlinkConnectorRateLimiter;
import org.apache.flink.api.common.io.ratelimiting.GuavaFlinkConnectorRateLimiter;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;
import org.apache.flink.util.FlinkRuntimeException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A replayable source of {@link TourParams#records()} events that keeps its read offsets as
 * <em>operator state</em> through {@link CheckpointedFunction}.
 *
 * <p>The records are cut into {@link TourParams#partitions()} logical partitions (record {@code i}
 * belongs to partition {@code i % partitions}); the operator state holds one {@link
 * PartitionOffset} per partition and uses even-split redistribution, so a restore at any
 * parallelism hands every partition to exactly one subtask.
 *
 * <p>When {@link TourParams#injectFailure()} is set, the first execution attempt emits half of its
 * records, waits until a checkpoint taken after that point has completed, emits up to three
 * quarters and then fails. This is how Flink's own exactly-once tests fail a job: after a completed
 * checkpoint, with records in flight that the restored job must neither lose nor repeat.
 *
 * <p>After its last record the source stays open for {@link TourParams#quietCheckpoints()} more
 * checkpoints, like a job between bursts of input: those checkpoints show what incremental
 * checkpoints save when little has changed.
 */
@PublicEvolving
public class TourSource extends RichParallelSourceFunction<Event>
        implements CheckpointedFunction, CheckpointListener {

    private static final long serialVersionUID = 1L;

    /** The message of the injected failure, so that logs and tests can tell it from real ones. */
    public static final String INJECTED_FAILURE = "flinkext tour: injected failure";

    private final TourParams params;

    private transient ListState<PartitionOffset> offsetState;
    private transient List<PartitionOffset> owned;
    // Waiting for checkpoints: awaitFrom is -1 until the next snapshot names the first checkpoint
    // to count, Long.MAX_VALUE when nothing is awaited.
    private transient volatile CompletableFuture<Void> awaited;
    private transient volatile int awaitedCount;
    private transient volatile long awaitFrom;
    private transient volatile boolean running;
    private transient FlinkConnectorRateLimiter rateLimiter;

    public TourSource(TourParams params) {
        this.params = params;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        offsetState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "partition-offsets", PartitionOffset.class));
        owned = new ArrayList<>();
        if (context.isRestored()) {
            offsetState.get().forEach(owned::add);
        } else {
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            for (int p = subtask; p < params.partitions(); p += parallelism) {
                owned.add(new PartitionOffset(p, 0));
            }
        }
        awaitFrom = Long.MAX_VALUE;
    }

    @Override
    public void run(SourceContext<Event> ctx) throws Exception {
        running = true;
        if (params.recordsPerSecond() > 0) {
            // Divides the rate by the parallelism; here a "permit" is a record, not a byte.
            rateLimiter = new GuavaFlinkConnectorRateLimiter();
            rateLimiter.setRate(params.recordsPerSecond());
            rateLimiter.open(getRuntimeContext());
        }
        boolean failing =
                params.injectFailure() && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        long share = totalToEmit();
        long emitted = alreadyEmitted();
        boolean paused = false;
        while (running && emitted < share) {
            if (failing && !paused && emitted >= share / 2) {
                awaitCheckpoints(1);
                paused = true;
            }
            if (failing && emitted >= share * 3 / 4) {
                throw new FlinkRuntimeException(INJECTED_FAILURE);
            }
            if (rateLimiter != null) {
                rateLimiter.acquire(owned.size());
            }
            synchronized (ctx.getCheckpointLock()) {
                emitted += emitOneRound(ctx);
            }
        }
        if (running && params.quietCheckpoints() > 0) {
            awaitCheckpoints(params.quietCheckpoints());
        }
    }

    /**
     * Blocks (without the checkpoint lock) until {@code count} checkpoints that started after this
     * call have completed.
     */
    private void awaitCheckpoints(int count) throws Exception {
        awaited = new CompletableFuture<>();
        awaitedCount = count;
        awaitFrom = -1;
        awaited.get();
    }

    /** Emits the next record of every owned partition that has one; returns how many. */
    private int emitOneRound(SourceContext<Event> ctx) {
        int count = 0;
        for (PartitionOffset offset : owned) {
            long index = offset.partition + offset.emitted * params.partitions();
            if (index < params.records()) {
                ctx.collect(new Event(index % params.keys(), index));
                offset.emitted++;
                count++;
            }
        }
        return count;
    }

    private long totalToEmit() {
        long total = 0;
        for (PartitionOffset offset : owned) {
            total += recordsOf(offset.partition);
        }
        return total;
    }

    private long alreadyEmitted() {
        long total = 0;
        for (PartitionOffset offset : owned) {
            total += offset.emitted;
        }
        return total;
    }

    private long recordsOf(int partition) {
        long records = params.records();
        return partition < records ? (records - partition - 1) / params.partitions() + 1 : 0;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // Runs under the checkpoint lock, so the offsets are consistent with emitted records.
        offsetState.update(copyOf(owned));
        if (awaitFrom == -1) {
            awaitFrom = context.getCheckpointId();
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        long from = awaitFrom;
        if (from >= 0 && checkpointId >= from + awaitedCount - 1) {
            awaited.complete(null);
        }
    }

    @Override
    public void cancel() {
        running = false;
        CompletableFuture<Void> waiting = awaited;
        if (waiting != null) {
            waiting.cancel(false);
        }
    }

    private static List<PartitionOffset> copyOf(List<PartitionOffset> offsets) {
        List<PartitionOffset> copy = new ArrayList<>(offsets.size());
        for (PartitionOffset offset : offsets) {
            copy.add(new PartitionOffset(offset.partition, offset.emitted));
        }
        return copy;
    }
}
