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

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Committer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of {@link BatchingSink} without a cluster: cutting, storing and writing batches. */
class BatchingSinkTest {

    @Test
    void cutsTheBufferIntoBatchesAtEachBarrier() {
        BatchingSink.BatchCutter<Long> cutter = new BatchingSink.BatchCutter<>(3, 2);
        for (long v = 0; v < 5; v++) {
            cutter.write(v, null);
        }
        List<Batch<Long>> batches = new ArrayList<>(cutter.prepareCommit());
        assertThat(batches)
                .extracting(Batch::records)
                .containsExactly(List.of(0L, 1L), List.of(2L, 3L), List.of(4L));
        assertThat(batches)
                .extracting(Batch::id)
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith("3-"));
        assertThat(cutter.prepareCommit()).isEmpty();
        cutter.write(9L, null);
        Collection<Batch<Long>> next = cutter.prepareCommit();
        assertThat(next)
                .singleElement()
                .satisfies(b -> assertThat(b.records()).containsExactly(9L));
        assertThat(next.iterator().next().id()).isNotIn(batches.stream().map(Batch::id).toList());
    }

    @Test
    void batchesSurviveTheirCheckpointFormat() throws Exception {
        var serializer = new BatchingSink<>(Types.STRING, 10, b -> {}).getCommittableSerializer();
        Batch<String> batch = new Batch<>("0-abc-7", List.of("a", "", "ü"));
        Batch<String> copy =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));
        assertThat(copy).isEqualTo(batch);
        assertThatThrownBy(() -> serializer.deserialize(99, serializer.serialize(batch)))
                .hasMessageContaining("version 99")
                .hasMessageContaining("reads version 1");
    }

    @Test
    void aFailedWriteNamesTheBatchAndFailsTheCommit() {
        Committer<Batch<Long>> committer =
                new BatchingSink.BatchCommitter<Long>(
                        b -> {
                            throw new IllegalStateException("target down");
                        });
        Committer.CommitRequest<Batch<Long>> request =
                new TestingRequest<>(new Batch<>("b-1", List.of(1L)));
        assertThatThrownBy(() -> committer.commit(List.of(request)))
                .hasMessageContaining("Writing batch b-1 failed")
                .hasRootCauseMessage("target down");
    }

    @Test
    void invalidBatchSizeIsRejected() {
        assertThatThrownBy(() -> new BatchingSink<>(Types.LONG, 0, b -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBatchSize must be at least 1, got 0");
    }

    /** A commit request that only holds its batch. */
    private record TestingRequest<T>(T committable) implements Committer.CommitRequest<T> {
        @Override
        public T getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {}

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {}

        @Override
        public void retryLater() {}

        @Override
        public void updateAndRetryLater(T committable) {}

        @Override
        public void signalAlreadyCommitted() {}
    }
}
