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

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reader never blocks: a hook's future turns into "nothing available" plus an availability
 * future, and the reader ends only after "no more splits", its last record and its last hook.
 */
class ReplayableSourceReaderTest {

    /** Partition p holds the values p * 100 + offset for offsets 0 .. p. */
    static final class Triangle extends ReplayableSource<Long> {
        final transient List<CompletableFuture<Void>> gates = new ArrayList<>();
        transient CompletableFuture<Void> keepOpen;
        transient ReaderContext context;
        transient int beforeReadCalls;

        Triangle() {
            super(3);
        }

        @Override
        protected Long read(int partition, long offset) {
            return offset <= partition ? partition * 100 + offset : null;
        }

        @Override
        protected ReaderHooks createHooks(ReaderContext context) {
            this.context = context;
            return new ReaderHooks() {
                @Override
                public CompletionStage<?> beforeRead() {
                    beforeReadCalls++;
                    return gates.isEmpty() ? null : gates.remove(0);
                }

                @Override
                public CompletionStage<?> afterLastRecord() {
                    return keepOpen;
                }
            };
        }
    }

    @Test
    void aHookFuturePausesReadingWithoutBlockingAndTheReadAfterItNeedsNoHook() throws Exception {
        Triangle source = new Triangle();
        ReplayableSourceReader<Long> reader = start(source);
        Output output = new Output();

        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        CompletableFuture<Void> noSplitsYet = reader.isAvailable();
        assertThat(noSplitsYet).isNotDone();
        reader.addSplits(List.of(new PartitionSplit(1, 0), new PartitionSplit(2, 1)));
        assertThat(noSplitsYet).isDone();

        CompletableFuture<Void> gate = new CompletableFuture<>();
        source.gates.add(gate);
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(reader.isAvailable()).isNotDone();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        gate.complete(null);
        assertThat(reader.isAvailable()).isDone();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);

        assertThat(source.beforeReadCalls).isEqualTo(1);
        assertThat(output.records).containsExactly(100L);
        assertThat(reader.snapshotState(1))
                .containsExactly(new PartitionSplit(1, 1), new PartitionSplit(2, 1));
        assertThat(source.context.emitted()).isEqualTo(2);
    }

    @Test
    void aFailedHookFutureFailsTheRead() throws Exception {
        Triangle source = new Triangle();
        ReplayableSourceReader<Long> reader = start(source);
        reader.addSplits(List.of(new PartitionSplit(0, 0)));
        CompletableFuture<Void> gate = new CompletableFuture<>();
        source.gates.add(gate);
        assertThat(reader.pollNext(new Output())).isEqualTo(InputStatus.NOTHING_AVAILABLE);

        gate.completeExceptionally(new IllegalStateException("gate failed"));

        assertThat(reader.isAvailable()).isDone();
        assertThatThrownBy(() -> reader.pollNext(new Output())).hasMessage("gate failed");
    }

    @Test
    void endsAfterNoMoreSplitsTheLastRecordAndTheLastHook() throws Exception {
        Triangle source = new Triangle();
        source.keepOpen = new CompletableFuture<>();
        ReplayableSourceReader<Long> reader = start(source);
        reader.addSplits(List.of(new PartitionSplit(0, 0), new PartitionSplit(1, 0)));
        Output output = new Output();

        InputStatus status = InputStatus.MORE_AVAILABLE;
        for (int i = 0; i < 10 && status == InputStatus.MORE_AVAILABLE; i++) {
            status = reader.pollNext(output);
        }
        assertThat(output.records).containsExactly(0L, 100L, 101L);
        assertThat(status)
                .as("no END_OF_INPUT before no more splits")
                .isEqualTo(InputStatus.NOTHING_AVAILABLE);
        CompletableFuture<Void> waiting = reader.isAvailable();
        assertThat(waiting).isNotDone();

        reader.notifyNoMoreSplits();
        assertThat(waiting).isDone();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(reader.isAvailable()).isNotDone();

        source.keepOpen.complete(null);
        assertThat(reader.isAvailable()).isDone();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(reader.snapshotState(3))
                .containsExactly(new PartitionSplit(0, 1), new PartitionSplit(1, 2));
    }

    @Test
    void checkpointsCompletedCountsOnlyCheckpointsSnapshottedAfterTheCall() throws Exception {
        Triangle source = new Triangle();
        ReplayableSourceReader<Long> reader = start(source);
        reader.snapshotState(1);

        CompletableFuture<Void> two = source.context.checkpointsCompleted(2).toCompletableFuture();
        reader.notifyCheckpointComplete(1);
        reader.snapshotState(2);
        reader.notifyCheckpointComplete(2);
        assertThat(two).isNotDone();
        reader.snapshotState(3);
        reader.notifyCheckpointComplete(3);

        assertThat(two).isDone();
        assertThatThrownBy(() -> source.context.checkpointsCompleted(0))
                .hasMessage("checkpointsCompleted needs a count of at least 1, got 0");
    }

    @Test
    void aPartitionAssignedTwiceFailsNamingIt() throws Exception {
        ReplayableSourceReader<Long> reader = start(new Triangle());
        reader.addSplits(List.of(new PartitionSplit(2, 0)));

        assertThatThrownBy(() -> reader.addSplits(List.of(new PartitionSplit(2, 5))))
                .hasMessage(
                        "ReplayableSource subtask 0 was assigned partition 2 at offset 5 but"
                                + " already reads that partition");
    }

    private static ReplayableSourceReader<Long> start(Triangle source) throws Exception {
        ReplayableSourceReader<Long> reader =
                (ReplayableSourceReader<Long>) source.createReader(new Context());
        reader.start();
        return reader;
    }

    /** Collects what the reader emits. */
    static final class Output implements ReaderOutput<Long> {
        final List<Long> records = new ArrayList<>();

        @Override
        public void collect(Long record) {
            records.add(record);
        }

        @Override
        public void collect(Long record, long timestamp) {
            records.add(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<Long> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }

    /** Subtask 0 of 1. */
    static final class Context implements SourceReaderContext {
        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public int currentParallelism() {
            return 1;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }
}
