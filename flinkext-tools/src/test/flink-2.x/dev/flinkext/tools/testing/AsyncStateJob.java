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
package dev.flinkext.tools.testing;

import dev.flinkext.testing.counting.ExactCounts;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.v2.AggregatingState;
import org.apache.flink.api.common.state.v2.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.v2.ListState;
import org.apache.flink.api.common.state.v2.ListStateDescriptor;
import org.apache.flink.api.common.state.v2.MapState;
import org.apache.flink.api.common.state.v2.MapStateDescriptor;
import org.apache.flink.api.common.state.v2.ReducingState;
import org.apache.flink.api.common.state.v2.ReducingStateDescriptor;
import org.apache.flink.api.common.state.v2.ValueState;
import org.apache.flink.api.common.state.v2.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Flink 2.x only: a job whose operator {@code async} keeps its keyed state through the asynchronous
 * state API (State V2, {@code keyBy(…).enableAsyncState()}): value {@code count}, list {@code
 * recent}, map {@code buckets}, reducing {@code sum} and aggregating {@code average}.
 *
 * <p>It counts numbers 0..n-1 per key (number mod keys); after a restore every key's last count is
 * exactly n / keys only if the restored state and source position belong together. Counts are kept
 * per run name in this JVM (the MiniCluster's).
 */
public final class AsyncStateJob {

    /** Uids of the job's operators, in the order of the pipeline. */
    public static final String[] UIDS = {"numbers", "async", "report", "discard"};

    private final String run;
    private final long records;
    private final int keys;
    private final double rate;
    private final ExactCounts counts;
    private final Configuration conf = new Configuration();

    public AsyncStateJob(String run, long records, int keys, double rate, Path checkpoints) {
        this.run = run;
        this.records = records;
        this.keys = keys;
        this.rate = rate;
        this.counts = ExactCounts.start(run, records, keys);
        // Checkpoints are triggered by the tests; the interval only switches checkpointing on.
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    }

    /** {@code state.backend.type}: {@code forst}, {@code hashmap} or {@code rocksdb}. */
    public AsyncStateJob backend(String backend) {
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, !backend.equals("hashmap"));
        return this;
    }

    public AsyncStateJob set(Configuration more) {
        conf.addAll(more);
        return this;
    }

    /** Restores from {@code path}, claiming nothing (NO_CLAIM). */
    public AsyncStateJob restoreFrom(String path) {
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        RecoveryModes.set(conf, false);
        return this;
    }

    public JobID submit(MiniCluster cluster) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(2);
        env.disableOperatorChaining();
        int keyCount = keys;
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i, records, RateLimiterStrategy.perSecond(rate), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .uid("numbers")
                .keyBy(i -> i % keyCount, Types.LONG)
                .enableAsyncState()
                .process(new Counting(), Types.TUPLE(Types.LONG, Types.LONG))
                .uid("async")
                .map(counts.report(), Types.TUPLE(Types.LONG, Types.LONG))
                .uid("report")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        return cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
    }

    /** Records this run's jobs processed (since a restore, not counting restored progress). */
    public long counted() {
        return counts.reported();
    }

    /** Keys whose last count is not exactly records / keys, with their counts. */
    public Map<Long, Long> wrongCounts() {
        return counts.wrongCounts();
    }

    /** Every kind of V2 keyed state; emits each key's running count. */
    static final class Counting extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
        private transient ValueState<Long> count;
        private transient ListState<Long> recent;
        private transient MapState<Long, Long> buckets;
        private transient ReducingState<Long> sum;
        private transient AggregatingState<Long, Double> average;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            recent =
                    getRuntimeContext()
                            .getListState(new ListStateDescriptor<>("recent", Types.LONG));
            buckets =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>("buckets", Types.LONG, Types.LONG));
            sum =
                    getRuntimeContext()
                            .getReducingState(
                                    new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
            average =
                    getRuntimeContext()
                            .getAggregatingState(
                                    new AggregatingStateDescriptor<>(
                                            "average",
                                            new Average(),
                                            Types.TUPLE(Types.LONG, Types.LONG)));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Tuple2<Long, Long>> out) {
            long key = ctx.getCurrentKey();
            count.asyncValue()
                    .thenCompose(
                            c -> {
                                long next = c == null ? 1 : c + 1;
                                out.collect(Tuple2.of(key, next));
                                return count.asyncUpdate(next)
                                        .thenCompose(
                                                done ->
                                                        next % 10 == 0
                                                                ? recent.asyncClear()
                                                                : recent.asyncAdd(value));
                            });
            buckets.asyncPut(value % 7, value);
            sum.asyncAdd(value);
            average.asyncAdd(value);
        }
    }

    /** The mean of the values added. */
    static final class Average implements AggregateFunction<Long, Tuple2<Long, Long>, Double> {
        @Override
        public Tuple2<Long, Long> createAccumulator() {
            return Tuple2.of(0L, 0L);
        }

        @Override
        public Tuple2<Long, Long> add(Long value, Tuple2<Long, Long> accumulator) {
            return Tuple2.of(accumulator.f0 + value, accumulator.f1 + 1);
        }

        @Override
        public Double getResult(Tuple2<Long, Long> accumulator) {
            return accumulator.f1 == 0 ? 0 : (double) accumulator.f0 / accumulator.f1;
        }

        @Override
        public Tuple2<Long, Long> merge(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
            return Tuple2.of(a.f0 + b.f0, a.f1 + b.f1);
        }
    }
}
