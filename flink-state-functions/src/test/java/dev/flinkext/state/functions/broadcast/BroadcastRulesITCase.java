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
package dev.flinkext.state.functions.broadcast;

import dev.flinkext.state.functions.buffering.BatchingSink;
import dev.flinkext.state.functions.testing.TestingFailingMap;
import dev.flinkext.state.functions.testing.TestingJobs;
import dev.flinkext.state.functions.testing.TestingNumbers;
import dev.flinkext.state.functions.testing.TestingTarget;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules broadcast to keyed events; the job fails at parallelism 2 after a completed checkpoint and
 * a new job restores it at parallelism 3. The rule source has finished by then and is not replayed,
 * so the rules every instance of the second job applies, the new third instance included, come from
 * the restored broadcast state alone: every late event must have seen all of them.
 */
class BroadcastRulesITCase {

    private static final long TOTAL = 6_000;
    private static final int RULE_COUNT = 5;

    /** Rule ids 0..4 as a bit mask; rule 2 is added, then removed again. */
    private static final long ALL_RULES_BUT_2 = 0b11011;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestingJobs.miniCluster(3);

    @TempDir static Path checkpoints;

    static Consumer<StreamExecutionEnvironment> job(String target, long failAfter) {
        BroadcastRules<Integer, Tuple2<Integer, Boolean>> rules =
                BroadcastRules.of(
                                "rules",
                                Types.INT,
                                Types.TUPLE(Types.INT, Types.BOOLEAN),
                                (Tuple2<Integer, Boolean> rule) -> rule.f0)
                        .removedWhen(rule -> !rule.f1);
        return env -> {
            List<Tuple2<Integer, Boolean>> changes =
                    new ArrayList<>(
                            LongStream.range(0, RULE_COUNT)
                                    .mapToObj(i -> Tuple2.of((int) i, true))
                                    .toList());
            changes.add(Tuple2.of(2, false));
            var ruleStream =
                    env.fromData(changes, Types.TUPLE(Types.INT, Types.BOOLEAN))
                            .uid("rule-source")
                            .setParallelism(1);
            var events =
                    new TestingNumbers(6, TOTAL, 3_000)
                            .in(env, "numbers")
                            .uid("numbers")
                            .map(new TestingFailingMap<Long>(failAfter))
                            .uid("failing-map")
                            .keyBy(v -> v % 16, Types.LONG);
            rules.apply(
                            events,
                            ruleStream,
                            (event, current, out) -> {
                                long mask = 0;
                                for (Tuple2<Integer, Boolean> rule : current.all()) {
                                    mask |= 1L << rule.f0;
                                }
                                out.collect(event * 64 + mask);
                            },
                            Types.LONG)
                    .uid("apply-rules")
                    .sinkTo(new BatchingSink<>(Types.LONG, 100, TestingTarget.writer(target)))
                    .uid("sink");
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void everyInstanceAppliesTheSameRulesAfterARescale(
            String backend, @InjectMiniCluster MiniCluster cluster) throws Exception {
        String target = "broadcast-" + backend;
        TestingJobs jobs = new TestingJobs(cluster, backend, checkpoints.resolve(backend));
        String retained = jobs.runUntilFailure(2, job(target, 600));
        jobs.runToEnd(3, retained, job(target, Long.MAX_VALUE));

        List<Long> written = TestingTarget.named(target).records();
        assertThat(written.stream().map(encoded -> encoded / 64).toList())
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, TOTAL).boxed().toList());
        // The first job failed long before the second half of the numbers.
        assertThat(written.stream().filter(encoded -> encoded / 64 >= TOTAL / 2))
                .hasSize((int) (TOTAL / 2))
                .allSatisfy(encoded -> assertThat(encoded % 64).isEqualTo(ALL_RULES_BUT_2));
    }
}
