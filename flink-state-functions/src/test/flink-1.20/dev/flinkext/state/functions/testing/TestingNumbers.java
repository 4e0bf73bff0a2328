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

import dev.flinkext.state.functions.source.OffsetTrackingSource;

import org.apache.flink.api.common.io.ratelimiting.FlinkConnectorRateLimiter;
import org.apache.flink.api.common.io.ratelimiting.GuavaFlinkConnectorRateLimiter;

/**
 * The numbers {@code 0 .. total-1} over {@code partitions} partitions (number {@code n} is at
 * partition {@code n % partitions}, offset {@code n / partitions}), at a steady total rate so that
 * checkpoints complete while it runs.
 */
public class TestingNumbers extends OffsetTrackingSource<Long> {

    private final int partitions;
    private final long total;
    private final long perSecond;
    private transient FlinkConnectorRateLimiter limiter;

    public TestingNumbers(int partitions, long total, long perSecond) {
        super(partitions);
        this.partitions = partitions;
        this.total = total;
        this.perSecond = perSecond;
    }

    @Override
    protected Long read(int partition, long offset) {
        long value = partition + offset * partitions;
        return value < total ? value : null;
    }

    @Override
    protected void beforeRead(long emitted) {
        if (limiter == null) {
            limiter = new GuavaFlinkConnectorRateLimiter();
            limiter.setRate(perSecond);
            limiter.open(getRuntimeContext());
        }
        limiter.acquire(1);
    }
}
