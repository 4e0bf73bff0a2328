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

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A SQL job with the stateful operators most SQL jobs have, over two {@code datagen} tables of 50
 * users: a GROUP BY aggregation with COUNT DISTINCT ({@code GroupAggFunction}'s {@code accState}
 * and the distinct view's map state), a ROW_NUMBER deduplication ({@code deduplicate-state}), a
 * regular join ({@code left-records}, {@code right-records}) and a MATCH_RECOGNIZE (CEP's operator,
 * {@code nfaStateName} and the shared buffer's states). Each query's changelog is counted in this
 * JVM (the MiniCluster's), so that a test can wait for state; chaining is off, so each operator is
 * a job vertex and Flink's per-vertex checkpoint statistics are per operator.
 */
public final class SqlJob {

    /** The stateful queries, each with the states the SQL runtime gives it. */
    public static final List<String> QUERIES =
            List.of(
                    "SELECT user_id, COUNT(*) AS clicks, COUNT(DISTINCT url) AS urls,"
                            + " MAX(url) AS last_url FROM clicks GROUP BY user_id",
                    "SELECT user_id, url FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id"
                            + " ORDER BY proc DESC) AS row_num FROM clicks) WHERE row_num = 1",
                    "SELECT c.user_id, c.url, u.name FROM clicks AS c"
                            + " JOIN users AS u ON c.user_id = u.user_id",
                    "SELECT * FROM clicks MATCH_RECOGNIZE (PARTITION BY user_id ORDER BY proc"
                            + " MEASURES A.url AS first_url, B.url AS next_url"
                            + " ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW"
                            + " PATTERN (A B) DEFINE B AS B.url > A.url)");

    private static final Map<String, AtomicLongArray> CHANGES = new ConcurrentHashMap<>();

    private final String run;
    private final int rowsPerSecond;
    private final Configuration conf;

    /** A job whose tables each make {@code rowsPerSecond} rows, checkpointing under a folder. */
    public SqlJob(String run, int rowsPerSecond, Path checkpoints) {
        this.run = run;
        this.rowsPerSecond = rowsPerSecond;
        this.conf = JobConfigurations.checkpointed(checkpoints.toUri().toString());
        CHANGES.put(run, new AtomicLongArray(QUERIES.size()));
    }

    /** {@code hashmap}, {@code rocksdb} (full checkpoints) or {@code rocksdb-incremental}. */
    public SqlJob backend(String backend) {
        JobConfigurations.backend(conf, backend);
        return this;
    }

    public JobID submit(MiniCluster cluster) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(2);
        env.disableOperatorChaining();
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.executeSql(
                "CREATE TEMPORARY TABLE clicks (user_id BIGINT, url STRING, proc AS PROCTIME())"
                        + " WITH ('connector' = 'datagen', 'rows-per-second' = '"
                        + rowsPerSecond
                        + "', 'fields.user_id.min' = '0', 'fields.user_id.max' = '49',"
                        + " 'fields.url.length' = '6')");
        tables.executeSql(
                "CREATE TEMPORARY TABLE users (user_id BIGINT, name STRING)"
                        + " WITH ('connector' = 'datagen', 'rows-per-second' = '"
                        + rowsPerSecond
                        + "', 'fields.user_id.min' = '0', 'fields.user_id.max' = '49',"
                        + " 'fields.name.length' = '5')");
        for (int query = 0; query < QUERIES.size(); query++) {
            tables.toChangelogStream(tables.sqlQuery(QUERIES.get(query)))
                    .map(new Count(run, query), Types.LONG)
                    .sinkTo(new DiscardingSink<>());
        }
        JobGraph graph = env.getStreamGraph().getJobGraph();
        return cluster.submitJob(graph).get().getJobID();
    }

    /** The fewest changes any query has emitted so far. */
    public long fewestChanges() {
        AtomicLongArray changes = CHANGES.get(run);
        long fewest = Long.MAX_VALUE;
        for (int query = 0; query < changes.length(); query++) {
            fewest = Math.min(fewest, changes.get(query));
        }
        return fewest;
    }

    /** Counts a query's changes; a map: SinkFunction is gone in Flink 2.x. */
    static final class Count implements MapFunction<Row, Long> {
        private final String run;
        private final int query;

        Count(String run, int query) {
            this.run = run;
            this.query = query;
        }

        @Override
        public Long map(Row change) {
            return CHANGES.get(run).incrementAndGet(query);
        }
    }
}
