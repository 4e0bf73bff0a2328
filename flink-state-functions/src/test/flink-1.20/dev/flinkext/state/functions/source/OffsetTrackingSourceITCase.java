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

import dev.flinkext.state.functions.buffering.BatchingSink;
import dev.flinkext.state.functions.testing.TestingFailingMap;
import dev.flinkext.state.functions.testing.TestingJobs;
import dev.flinkext.state.functions.testing.TestingTarget;

import org.apache.flink.api.common.io.ratelimiting.FlinkConnectorRateLimiter;
import org.apache.flink.api.common.io.ratelimiting.GuavaFlinkConnectorRateLimiter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offset-tracking source fails at parallelism 3 after a completed checkpoint and restores at
 * parallelism 2 in a new job: every number reaches the (idempotent) sink exactly once.
 */
@SuppressWarnings("deprecation") // the SourceFunction source stays tested while 1.20 ships it
class OffsetTrackingSourceITCase {

    private static final long TOTAL = 6_000;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestingJobs.miniCluster(3);

    @TempDir static Path checkpoints;

    static Consumer<StreamExecutionEnvironment> job(String target, long failAfter) {
        return env ->
                env.addSource(new LegacyNumbers(6, TOTAL, 3_000), "numbers", Types.LONG)
                        .uid("numbers")
                        .map(new TestingFailingMap<Long>(failAfter))
                        .uid("failing-map")
                        .sinkTo(new BatchingSink<>(Types.LONG, 100, TestingTarget.writer(target)))
                        .uid("sink");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void neitherLosesNorRepeatsAcrossARescale(
            String backend, @InjectMiniCluster MiniCluster cluster) throws Exception {
        String target = "offset-source-" + backend;
        TestingJobs jobs = new TestingJobs(cluster, backend, checkpoints.resolve(backend));

        String retained = jobs.runUntilFailure(3, job(target, 600));
        long beforeRestore = TestingTarget.named(target).records().size();
        jobs.runToEnd(2, retained, job(target, Long.MAX_VALUE));

        assertThat(beforeRestore)
                .as("the first job wrote part of the numbers")
                .isBetween(1L, TOTAL - 1);
        assertThat(TestingTarget.named(target).records())
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, TOTAL).boxed().toList());
        assertThat(TestingTarget.named(target).conflicts()).isEmpty();
    }

    /** The testing numbers on the SourceFunction source, with the same layout and rate. */
    static final class LegacyNumbers extends OffsetTrackingSource<Long> {

        private final int partitions;
        private final long total;
        private final long perSecond;
        private transient FlinkConnectorRateLimiter limiter;

        LegacyNumbers(int partitions, long total, long perSecond) {
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
}
