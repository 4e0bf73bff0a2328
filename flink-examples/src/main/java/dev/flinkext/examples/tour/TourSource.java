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
package dev.flinkext.examples.tour;

import dev.flinkext.state.functions.source.OffsetTrackingSource;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.io.ratelimiting.FlinkConnectorRateLimiter;
import org.apache.flink.api.common.io.ratelimiting.GuavaFlinkConnectorRateLimiter;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.util.FlinkRuntimeException;

import java.util.concurrent.CompletableFuture;

/**
 * The tour's source: {@link TourParams#records()} events over {@link TourParams#partitions()}
 * logical partitions (record {@code i} is at partition {@code i % partitions}), built on the pack's
 * {@link OffsetTrackingSource}, which keeps one read offset per partition as operator state through
 * {@code CheckpointedFunction}.
 *
 * <p>When {@link TourParams#injectFailure()} is set, the first execution attempt emits half of its
 * records, waits until a checkpoint that started after that point has completed, emits up to three
 * quarters and then fails. This is how Flink's own exactly-once tests fail a job: after a completed
 * checkpoint, with records in flight that the restored job must neither lose nor repeat.
 *
 * <p>After its last record the source stays open for {@link TourParams#quietCheckpoints()} more
 * checkpoints, like a job between bursts of input: those checkpoints show what incremental
 * checkpoints save when little has changed.
 */
@PublicEvolving
public class TourSource extends OffsetTrackingSource<Event> implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    /** The message of the injected failure, so that logs and tests can tell it from real ones. */
    public static final String INJECTED_FAILURE = "flinkext tour: injected failure";

    private final TourParams params;

    // Set in initializeState: field initializers do not run when Flink deserializes the source.
    private transient FlinkConnectorRateLimiter rateLimiter;
    private transient long share;
    private transient boolean paused;
    private transient volatile long lastCompletedCheckpoint;
    private transient volatile long awaitedCheckpoint;
    private transient volatile CompletableFuture<Void> awaited;

    public TourSource(TourParams params) {
        super(params.partitions());
        this.params = params;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        super.initializeState(context);
        share = offsets().keySet().stream().mapToLong(this::recordsOf).sum();
        paused = false;
        lastCompletedCheckpoint = 0;
        awaitedCheckpoint = Long.MAX_VALUE;
        if (params.recordsPerSecond() > 0) {
            // Divides the rate by the parallelism; here a "permit" is a record, not a byte.
            rateLimiter = new GuavaFlinkConnectorRateLimiter();
            rateLimiter.setRate(params.recordsPerSecond());
            rateLimiter.open(getRuntimeContext());
        }
    }

    @Override
    protected Event read(int partition, long offset) {
        long index = partition + offset * params.partitions();
        return index < params.records() ? new Event(index % params.keys(), index) : null;
    }

    @Override
    protected void beforeRead(long emitted) throws Exception {
        boolean failing =
                params.injectFailure() && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        if (failing && !paused && emitted >= share / 2) {
            awaitCheckpoints(1);
            paused = true;
        }
        if (failing && emitted >= share * 3 / 4) {
            throw new FlinkRuntimeException(INJECTED_FAILURE);
        }
        if (rateLimiter != null) {
            rateLimiter.acquire(1);
        }
    }

    @Override
    protected void afterLastRecord() throws Exception {
        if (params.quietCheckpoints() > 0) {
            awaitCheckpoints(params.quietCheckpoints());
        }
    }

    private long recordsOf(int partition) {
        long records = params.records();
        return partition < records ? (records - partition - 1) / params.partitions() + 1 : 0;
    }

    /**
     * Blocks (outside the checkpoint lock) until {@code count} checkpoints that started after this
     * call have completed. With one checkpoint at a time, the one after the next has certainly
     * started after this call, hence the {@code + 1}.
     */
    private void awaitCheckpoints(int count) throws Exception {
        awaited = new CompletableFuture<>();
        awaitedCheckpoint = lastCompletedCheckpoint + 1 + count;
        awaited.get();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        lastCompletedCheckpoint = Math.max(lastCompletedCheckpoint, checkpointId);
        if (checkpointId >= awaitedCheckpoint) {
            awaitedCheckpoint = Long.MAX_VALUE;
            awaited.complete(null);
        }
    }

    @Override
    public void cancel() {
        super.cancel();
        CompletableFuture<Void> waiting = awaited;
        if (waiting != null) {
            waiting.cancel(false);
        }
    }
}
