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
package dev.flinkext.state.functions.testing;

import dev.flinkext.state.functions.source.ReaderContext;
import dev.flinkext.state.functions.source.ReaderHooks;
import dev.flinkext.state.functions.source.ReplayableSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.concurrent.CompletionStage;

/**
 * The numbers {@code 0 .. total-1} over {@code partitions} partitions (number {@code n} is at
 * partition {@code n % partitions}, offset {@code n / partitions}), at a steady total rate so that
 * checkpoints complete while it runs.
 *
 * <p>In a job's first attempt each reader pauses once, when it has emitted half its share (restored
 * progress included), until {@value #CHECKPOINTS_AT_HALF} checkpoints taken after that point have
 * completed. A {@link TestingFailingMap} behind it has then seen its checkpoints, so its failure
 * comes before the end of the input however slow checkpoints are (under load, a job could finish
 * before the failure: a loaded build saw "expected the job to fail, it ended FINISHED").
 */
public class TestingNumbers extends ReplayableSource<Long> {

    /** One more than the completed checkpoints {@link TestingFailingMap} waits for. */
    static final int CHECKPOINTS_AT_HALF = 3;

    private final long total;
    private final long perSecond;

    public TestingNumbers(int partitions, long total, long perSecond) {
        super(partitions);
        this.total = total;
        this.perSecond = perSecond;
    }

    /** This source in {@code env}, named {@code name}, of type {@code Long}. */
    public DataStreamSource<Long> in(StreamExecutionEnvironment env, String name) {
        return env.fromSource(this, WatermarkStrategy.noWatermarks(), name, Types.LONG);
    }

    @Override
    protected Long read(int partition, long offset) {
        long value = partition + offset * partitions();
        return value < total ? value : null;
    }

    @Override
    protected ReaderHooks createHooks(ReaderContext context) {
        // Flink's own limiter (flink-core), non-blocking: it answers a future per record.
        RateLimiter limiter =
                RateLimiterStrategy.perSecond(perSecond).createRateLimiter(context.parallelism());
        long half = total / (2L * context.parallelism());
        return new ReaderHooks() {
            private boolean paused = context.attemptNumber() > 0;

            @Override
            public CompletionStage<?> beforeRead() {
                if (!paused && context.emitted() >= half) {
                    paused = true;
                    return context.checkpointsCompleted(CHECKPOINTS_AT_HALF)
                            .thenCompose(done -> limiter.acquire());
                }
                return limiter.acquire();
            }
        };
    }
}
