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
import dev.flinkext.state.functions.testing.TestingNumbers;
import dev.flinkext.state.functions.testing.TestingTarget;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FLIP-27 replayable source neither loses nor repeats a record: when its own hooks fail it
 * after a completed checkpoint (the tour's pattern: throttle, emit half, pause until a checkpoint
 * taken after that point completed, fail at three quarters in attempt 0, stay open for more
 * checkpoints after the last record), and across a rescale 1 → 3 → 2 through retained checkpoints.
 */
class ReplayableSourceITCase {

    private static final long TOTAL = 6_000;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestingJobs.miniCluster(3);

    @TempDir static Path checkpoints;

    @Test
    void exactlyOnceWhenItsHooksFailItAfterACompletedCheckpoint(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String target = "replayable-hooks";
        TourLikeNumbers.RESTORED_PROGRESS.clear();
        TourLikeNumbers.QUIET_CHECKPOINTS.clear();
        AccessExecutionGraph graph =
                new TestingJobs(cluster, "hashmap", checkpoints.resolve("hooks"))
                        .runToEnd(
                                2,
                                null,
                                env ->
                                        env.fromSource(
                                                        new TourLikeNumbers(4, TOTAL, 6_000, 2),
                                                        WatermarkStrategy.noWatermarks(),
                                                        "numbers",
                                                        Types.LONG)
                                                .uid("numbers")
                                                .sinkTo(
                                                        new BatchingSink<>(
                                                                Types.LONG,
                                                                100,
                                                                TestingTarget.writer(target)))
                                                .uid("sink"));

        assertThat(graph.getFailureInfo()).as("the source failed and recovered").isNotNull();
        assertThat(graph.getFailureInfo().getExceptionAsString())
                .contains(TourLikeNumbers.INJECTED_FAILURE);
        assertThat(TourLikeNumbers.RESTORED_PROGRESS)
                .as("each recovered reader resumed from the checkpoint, past half its share")
                .hasSize(2)
                .allSatisfy(emitted -> assertThat(emitted).isBetween(TOTAL / 4, TOTAL * 3 / 8));
        assertThat(TourLikeNumbers.QUIET_CHECKPOINTS)
                .as("each reader of the last attempt stayed open for two more checkpoints")
                .hasSize(2);
        assertThat(TestingTarget.named(target).records())
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, TOTAL).boxed().toList());
        assertThat(TestingTarget.named(target).conflicts()).isEmpty();
    }

    static Consumer<StreamExecutionEnvironment> job(String target, long failAfter) {
        return env ->
                new TestingNumbers(6, TOTAL, 6_000)
                        .in(env, "numbers")
                        .uid("numbers")
                        .map(new TestingFailingMap<Long>(failAfter))
                        .uid("failing-map")
                        .sinkTo(new BatchingSink<>(Types.LONG, 100, TestingTarget.writer(target)))
                        .uid("sink");
    }

    @Test
    void neitherLosesNorRepeatsAcrossRescales(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String target = "replayable-rescale";
        // The splits are operator state, which both backends keep on the heap: one backend serves.
        TestingJobs jobs = new TestingJobs(cluster, "hashmap", checkpoints.resolve("rescale"));

        String first = jobs.runUntilFailure(1, job(target, 600));
        long afterFirst = TestingTarget.named(target).records().size();
        String second = jobs.runUntilFailure(3, first, job(target, 600));
        long afterSecond = TestingTarget.named(target).records().size();
        jobs.runToEnd(2, second, job(target, Long.MAX_VALUE));

        assertThat(afterFirst).as("the job at parallelism 1 wrote a part").isBetween(1L, TOTAL - 1);
        assertThat(afterSecond)
                .as("the job at parallelism 3 wrote more, not all")
                .isBetween(afterFirst + 1, TOTAL - 1);
        assertThat(TestingTarget.named(target).records())
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, TOTAL).boxed().toList());
        assertThat(TestingTarget.named(target).conflicts()).isEmpty();
    }

    /**
     * The tour's source on the hooks: throttled; in attempt 0, once a reader has emitted half its
     * share it pauses until a checkpoint taken after that point has completed, and fails at three
     * quarters; after its last record it stays open for {@code quietCheckpoints} checkpoints.
     */
    static final class TourLikeNumbers extends ReplayableSource<Long> {

        static final String INJECTED_FAILURE = "flinkext test: the source's injected failure";
        static final Queue<Long> RESTORED_PROGRESS = new ConcurrentLinkedQueue<>();
        static final Queue<Integer> QUIET_CHECKPOINTS = new ConcurrentLinkedQueue<>();

        private final long total;
        private final double perSecond;
        private final int quietCheckpoints;

        TourLikeNumbers(int partitions, long total, double perSecond, int quietCheckpoints) {
            super(partitions);
            this.total = total;
            this.perSecond = perSecond;
            this.quietCheckpoints = quietCheckpoints;
        }

        @Override
        protected Long read(int partition, long offset) {
            long value = partition + offset * partitions();
            return value < total ? value : null;
        }

        private long share(ReaderContext context) {
            return context.offsets().keySet().stream()
                    .mapToLong(p -> (total - p - 1) / partitions() + 1)
                    .sum();
        }

        @Override
        protected ReaderHooks createHooks(ReaderContext context) {
            RateLimiter limiter =
                    RateLimiterStrategy.perSecond(perSecond)
                            .createRateLimiter(context.parallelism());
            boolean failing = context.attemptNumber() == 0;
            return new ReaderHooks() {
                private boolean first = true;
                private boolean paused;

                @Override
                public CompletionStage<?> beforeRead() {
                    long emitted = context.emitted();
                    if (first && !failing) {
                        RESTORED_PROGRESS.add(emitted);
                    }
                    first = false;
                    long share = share(context);
                    if (failing && !paused && emitted >= share / 2) {
                        paused = true;
                        return context.checkpointsCompleted(1);
                    }
                    if (failing && emitted >= share * 3 / 4) {
                        throw new IllegalStateException(INJECTED_FAILURE);
                    }
                    return limiter.acquire();
                }

                @Override
                public CompletionStage<?> afterLastRecord() {
                    CompletableFuture<Void> open = new CompletableFuture<>();
                    context.checkpointsCompleted(quietCheckpoints)
                            .thenRun(
                                    () -> {
                                        QUIET_CHECKPOINTS.add(quietCheckpoints);
                                        open.complete(null);
                                    });
                    return open;
                }

                @Override
                public void notifyCheckpointComplete(long checkpointId) {
                    limiter.notifyCheckpointComplete(checkpointId);
                }
            };
        }
    }
}
