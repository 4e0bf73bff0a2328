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

import dev.flinkext.state.functions.source.ReaderContext;
import dev.flinkext.state.functions.source.ReaderHooks;
import dev.flinkext.state.functions.source.ReplayableSource;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.FlinkRuntimeException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The tour's source: {@link TourParams#records()} events over {@link TourParams#partitions()}
 * logical partitions (record {@code i} is at partition {@code i % partitions}), built on the pack's
 * FLIP-27 {@link ReplayableSource}, which checkpoints each partition's read offset with its split;
 * the same source runs on both Flink lines.
 *
 * <p>When {@link TourParams#injectFailure()} is set, the first execution attempt emits half of its
 * records, waits until a checkpoint taken after that point has completed, emits up to three
 * quarters and then fails. This is how Flink's own exactly-once tests fail a job: after a completed
 * checkpoint, with records in flight that the restored job must neither lose nor repeat.
 *
 * <p>After its last record the source stays open for {@link TourParams#quietCheckpoints()} more
 * checkpoints, like a job between bursts of input: those checkpoints show what incremental
 * checkpoints save when little has changed. Waiting and throttling never block the task's thread
 * (the {@link ReaderHooks} return futures), so checkpoints go on meanwhile.
 */
@PublicEvolving
public class TourSource extends ReplayableSource<Event> {

    private static final long serialVersionUID = 1L;

    /** The message of the injected failure, so that logs and tests can tell it from real ones. */
    public static final String INJECTED_FAILURE = "flinkext tour: injected failure";

    private final TourParams params;

    public TourSource(TourParams params) {
        super(params.partitions());
        this.params = params;
    }

    @Override
    protected Event read(int partition, long offset) {
        long index = partition + offset * params.partitions();
        return index < params.records() ? new Event(index % params.keys(), index) : null;
    }

    @Override
    protected ReaderHooks createHooks(ReaderContext context) {
        return new Hooks(params, context);
    }

    /** One reader's throttle, injected failure and quiet period. */
    private static final class Hooks implements ReaderHooks {

        private final TourParams params;
        private final ReaderContext context;
        private final boolean failing;
        private final Throttle throttle;
        // The records of this reader's partitions, restored progress included; known once the
        // partitions have arrived, which is before the first read.
        private long share = -1;
        private boolean paused;

        Hooks(TourParams params, ReaderContext context) {
            this.params = params;
            this.context = context;
            this.failing = params.injectFailure() && context.attemptNumber() == 0;
            this.throttle =
                    params.recordsPerSecond() > 0
                            ? new Throttle(
                                    (double) params.recordsPerSecond() / context.parallelism())
                            : null;
        }

        @Override
        public CompletionStage<?> beforeRead() {
            if (failing) {
                if (share < 0) {
                    share = context.offsets().keySet().stream().mapToLong(this::recordsOf).sum();
                }
                long emitted = context.emitted();
                if (!paused && emitted >= share / 2) {
                    paused = true;
                    return context.checkpointsCompleted(1);
                }
                if (emitted >= share * 3 / 4) {
                    throw new FlinkRuntimeException(INJECTED_FAILURE);
                }
            }
            return throttle == null ? null : throttle.acquire();
        }

        @Override
        public CompletionStage<?> afterLastRecord() {
            return params.quietCheckpoints() > 0
                    ? context.checkpointsCompleted(params.quietCheckpoints())
                    : null;
        }

        private long recordsOf(int partition) {
            long records = params.records();
            return partition < records ? (records - partition - 1) / params.partitions() + 1 : 0;
        }
    }

    /**
     * A token bucket that answers with a future instead of blocking: up to 10 ms worth of records
     * pass at once, then the reader waits (about a millisecond at a time) for the bucket to refill.
     * Flink's FLIP-27 {@code GuavaRateLimiter} would hop to a thread of its own for every record.
     */
    private static final class Throttle {

        private final double perNano;
        private final double burst;
        private double tokens;
        private long last = System.nanoTime();

        Throttle(double perSecond) {
            this.perNano = perSecond / TimeUnit.SECONDS.toNanos(1);
            this.burst = Math.max(1, perSecond / 100);
        }

        CompletionStage<?> acquire() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return null;
            }
            long waitNanos = (long) Math.ceil((1 - tokens) / perNano);
            return CompletableFuture.runAsync(
                    () -> {}, CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS));
        }
    }
}
