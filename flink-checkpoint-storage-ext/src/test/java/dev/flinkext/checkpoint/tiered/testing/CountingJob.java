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
package dev.flinkext.checkpoint.tiered.testing;

import dev.flinkext.testing.counting.ExactCounts;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job that counts numbers 0..n-1 per key (number mod keys) in keyed state and reports each key's
 * count as it grows. After a restore, every key's last count is exactly n / keys only if the
 * restored state and the restored source position belong together: a record lost or counted twice
 * shows as a wrong count ({@link ExactCounts}, in this JVM: the MiniCluster's).
 */
public final class CountingJob {

    private final String run;
    private final long records;
    private final int keys;
    private final double rate;
    private final ExactCounts counts;
    private final Configuration conf = new Configuration();
    private final List<java.nio.file.Path> jars = new ArrayList<>();

    public CountingJob(String run, long records, int keys, double rate) {
        this.run = run;
        this.records = records;
        this.keys = keys;
        this.rate = rate;
        this.counts = ExactCounts.start(run, records, keys);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    /**
     * The cluster configuration these jobs need: checkpoints come every 200 ms, so the JobManager
     * keeps 2 s of them, so that an archive's sources outlive its copy even on a loaded 2-core
     * machine (an S3 copy of an incremental checkpoint took over a second there). Flink 1.20 reads
     * {@code execution.checkpointing.num-retained} from the cluster's configuration only: set in a
     * job's configuration, it is ignored.
     */
    public static Configuration clusterConfiguration() {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 10);
        return cluster;
    }

    /** {@code hashmap}, {@code rocksdb} (full) or {@code rocksdb-incremental}. */
    public CountingJob backend(String backend) {
        conf.set(
                StateBackendOptions.STATE_BACKEND,
                backend.startsWith("rocksdb") ? "rocksdb" : "hashmap");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.endsWith("incremental"));
        return this;
    }

    /**
     * Checkpoints to {@code storage} (a name such as {@code filesystem}, or a storage factory's
     * class name) in {@code directory}: by configuration, the one way in on both Flink lines.
     */
    public CountingJob storage(String storage, String directory) {
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, storage);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory);
        return this;
    }

    public CountingJob set(Configuration more) {
        conf.addAll(more);
        return this;
    }

    /** Ships {@code jar} with the job, as {@code flink run} ships a job jar. */
    public CountingJob withJar(java.nio.file.Path jar) {
        jars.add(jar);
        return this;
    }

    public CountingJob restoreFrom(String path) {
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        return this;
    }

    public JobID submit(MiniCluster cluster) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(2);
        int keyCount = keys;
        env.fromSource(
                        new DataGeneratorSource<>(
                                i -> i, records, RateLimiterStrategy.perSecond(rate), Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .uid("numbers")
                .keyBy(i -> i % keyCount, Types.LONG)
                .process(new Count(), Types.TUPLE(Types.LONG, Types.LONG))
                .uid("count")
                .map(counts.report(), Types.TUPLE(Types.LONG, Types.LONG))
                .uid("report")
                // A side-effect map and a sink v2: SinkFunction is gone from 2.x's public API.
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        JobGraph graph = env.getStreamGraph().getJobGraph();
        for (java.nio.file.Path jar : jars) {
            graph.addJar(new org.apache.flink.core.fs.Path(jar.toUri()));
        }
        return cluster.submitJob(graph).get().getJobID();
    }

    /** The next {@code times} records this run's job reports fail their task, one each. */
    public void injectFailures(int times) {
        counts.injectFailures(times);
    }

    /** Records processed by this run's jobs (since the run started). */
    public long processed() {
        return counts.reported();
    }

    /** Keys whose last count is not exactly records / keys, with their counts. */
    public Map<Long, Long> wrongCounts() {
        return counts.wrongCounts();
    }

    /** The smallest count any key had when this run's job first reported it: restored progress. */
    public long smallestFirstCount() {
        return counts.smallestFirstCount();
    }

    static final class Count extends KeyedProcessFunction<Long, Long, Tuple2<Long, Long>> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Tuple2<Long, Long>> out)
                throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(Tuple2.of(ctx.getCurrentKey(), next));
        }
    }
}
