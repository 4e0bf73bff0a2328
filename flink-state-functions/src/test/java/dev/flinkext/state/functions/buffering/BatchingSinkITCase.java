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

import dev.flinkext.state.functions.testing.TestingFailingMap;
import dev.flinkext.state.functions.testing.TestingJobs;
import dev.flinkext.state.functions.testing.TestingNumbers;
import dev.flinkext.state.functions.testing.TestingTarget;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job fails once after a completed checkpoint and recovers: records pass a {@link
 * BufferingOperator} (buffered in operator state) and a {@link BatchingSink}, and the target holds
 * every record exactly once.
 */
class BatchingSinkITCase {

    private static final long TOTAL = 5_000;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TestingJobs.miniCluster(2);

    @TempDir static Path checkpoints;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void exactlyOnceAfterAnInjectedFailure(String backend, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        String target = "batching-sink-" + backend;
        AccessExecutionGraph graph =
                new TestingJobs(cluster, backend, checkpoints.resolve(backend))
                        .runToEnd(
                                2,
                                null,
                                env ->
                                        new TestingNumbers(4, TOTAL, 4_000)
                                                .in(env, "numbers")
                                                .uid("numbers")
                                                .transform(
                                                        "buffer",
                                                        Types.LONG,
                                                        new BufferingOperator<Long, Long>(
                                                                Types.LONG,
                                                                64,
                                                                Duration.ofMillis(50),
                                                                (batch, out) ->
                                                                        batch.forEach(
                                                                                out::collect)))
                                                .uid("buffer")
                                                .map(new TestingFailingMap<Long>(1_000))
                                                .uid("failing-map")
                                                .sinkTo(
                                                        new BatchingSink<>(
                                                                Types.LONG,
                                                                50,
                                                                TestingTarget.writer(target)))
                                                .uid("sink"));

        assertThat(graph.getFailureInfo())
                .as("the failure was injected and the job recovered")
                .isNotNull();
        assertThat(graph.getFailureInfo().getExceptionAsString())
                .contains(TestingFailingMap.MESSAGE);
        TestingTarget written = TestingTarget.named(target);
        assertThat(written.records())
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, TOTAL).boxed().toList());
        assertThat(written.conflicts()).isEmpty();
    }
}
