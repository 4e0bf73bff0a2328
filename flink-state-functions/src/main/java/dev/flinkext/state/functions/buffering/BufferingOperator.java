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

import dev.flinkext.state.functions.CheckpointedList;
import dev.flinkext.state.functions.OperatorStates;
import dev.flinkext.state.functions.Redistribution;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;

import java.time.Duration;
import java.util.List;

/**
 * Buffers records and hands them to a {@link BatchFunction} in batches: when {@code batchSize}
 * records are buffered, when the oldest buffered record has waited {@code maxDelay}, and at the end
 * of a bounded input.
 *
 * <p>The buffer is operator state ({@link Redistribution#EVEN_SPLIT}): records buffered when a
 * checkpoint is taken are in the checkpoint and are processed after a restore, records processed
 * before it are not in it. So across failures and rescaling every record is processed exactly once,
 * and whatever the batch function emits downstream is too. (Its side effects on external systems
 * are another matter: a batch can be processed again if the job fails after processing it but
 * before the next checkpoint, see {@link BatchingSink} for those.) Records are emitted without
 * timestamps.
 *
 * <pre>{@code
 * stream.transform("enrich", outType,
 *         new BufferingOperator<>(inType, 500, Duration.ofSeconds(1), (batch, out) -> ...));
 * }</pre>
 *
 * @param <IN> the buffered records' type
 * @param <OUT> the emitted records' type
 */
@PublicEvolving
public class BufferingOperator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final int batchSize;
    private final long maxDelayMillis;
    private final BatchFunction<IN, OUT> function;
    private final OperatorStates states = new OperatorStates();
    private final CheckpointedList<IN> buffer;

    private transient Collector<OUT> collector;
    private transient boolean timerPending;

    /**
     * @param type the buffered records' type, for the checkpoint
     * @param batchSize records per batch, at least 1
     * @param maxDelay longest a buffered record waits, or {@link Duration#ZERO} for no limit
     * @param function what to do with a batch
     */
    public BufferingOperator(
            TypeInformation<IN> type,
            int batchSize,
            Duration maxDelay,
            BatchFunction<IN, OUT> function) {
        Preconditions.checkArgument(
                batchSize >= 1, "batchSize must be at least 1, got %s", batchSize);
        Preconditions.checkArgument(
                !maxDelay.isNegative(), "maxDelay must not be negative, got %s", maxDelay);
        this.batchSize = batchSize;
        this.maxDelayMillis = maxDelay.toMillis();
        this.function = Preconditions.checkNotNull(function, "function");
        this.buffer = states.list("buffered-records", type, Redistribution.EVEN_SPLIT);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        states.initialize(context);
    }

    @Override
    public void open() throws Exception {
        super.open();
        collector =
                new Collector<>() {
                    @Override
                    public void collect(OUT record) {
                        output.collect(new StreamRecord<>(record));
                    }

                    @Override
                    public void close() {}
                };
        if (!buffer.get().isEmpty()) {
            scheduleFlush();
        }
    }

    @Internal
    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        buffer.add(element.getValue());
        if (buffer.get().size() >= batchSize) {
            flush();
        } else {
            scheduleFlush();
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        states.snapshot();
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    /** Records buffered now, waiting for their batch. */
    public int buffered() {
        return buffer.get().size();
    }

    private void scheduleFlush() {
        if (maxDelayMillis > 0 && !timerPending) {
            timerPending = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + maxDelayMillis;
            getProcessingTimeService()
                    .registerTimer(
                            due,
                            timestamp -> {
                                timerPending = false;
                                flush();
                            });
        }
    }

    private void flush() throws Exception {
        while (!buffer.get().isEmpty()) {
            List<IN> all = buffer.drain();
            for (int from = 0; from < all.size(); from += batchSize) {
                function.process(
                        all.subList(from, Math.min(all.size(), from + batchSize)), collector);
            }
        }
    }
}
