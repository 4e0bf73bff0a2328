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

import dev.flinkext.state.functions.testing.Rescaler;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BufferingOperator} in Flink's operator test harness, across a rescale 1 → 3 → 2. */
class BufferingOperatorTest {

    /** Emits the sum of each batch, so that every batch is visible in the output. */
    private static BufferingOperator<Long, Long> summing(int batchSize, Duration maxDelay) {
        return new BufferingOperator<>(
                Types.LONG,
                batchSize,
                maxDelay,
                (batch, out) -> out.collect(batch.stream().mapToLong(Long::longValue).sum()));
    }

    private static List<Long> output(OneInputStreamOperatorTestHarness<Long, Long> harness) {
        List<Long> values = new ArrayList<>();
        harness.extractOutputStreamRecords().forEach(r -> values.add(r.getValue()));
        return values;
    }

    @Test
    void emitsFullBatchesAndKeepsTheRestBuffered() throws Exception {
        Rescaler<Long, Long> rescaler = new Rescaler<>(() -> summing(4, Duration.ZERO));
        var one = rescaler.start(1);
        for (long v = 1; v <= 10; v++) {
            one.get(0).processElement(new StreamRecord<>(v));
        }
        // 1+2+3+4 and 5+6+7+8; 9 and 10 wait for their batch.
        assertThat(output(one.get(0))).containsExactly(10L, 26L);
        assertThat(((BufferingOperator<?, ?>) one.get(0).getOneInputOperator()).buffered())
                .isEqualTo(2);
        one.get(0).endInput();
        assertThat(output(one.get(0))).containsExactly(10L, 26L, 19L);
        rescaler.close();
    }

    @Test
    void bufferedRecordsSurviveARescaleExactlyOnce() throws Exception {
        Rescaler<Long, Long> rescaler = new Rescaler<>(() -> summing(100, Duration.ZERO));
        var one = rescaler.start(1);
        for (long v = 0; v < 30; v++) {
            one.get(0).processElement(new StreamRecord<>(v));
        }
        assertThat(output(one.get(0))).isEmpty();

        var three = rescaler.rescaleTo(3);
        long buffered = 0;
        for (var harness : three) {
            buffered += ((BufferingOperator<?, ?>) harness.getOneInputOperator()).buffered();
        }
        assertThat(buffered).isEqualTo(30);
        for (int i = 0; i < 3; i++) {
            three.get(i).processElement(new StreamRecord<>(100L + i));
        }

        var two = rescaler.rescaleTo(2);
        long total = 0;
        for (var harness : two) {
            harness.endInput();
            total += output(harness).stream().mapToLong(Long::longValue).sum();
        }
        long expected = LongStream.range(0, 30).sum() + 100 + 101 + 102;
        assertThat(total).isEqualTo(expected);
        rescaler.close();
    }

    @Test
    void aPartialBatchIsFlushedAfterMaxDelay() throws Exception {
        Rescaler<Long, Long> rescaler = new Rescaler<>(() -> summing(100, Duration.ofMillis(50)));
        var harness = rescaler.start(1).get(0);
        harness.setProcessingTime(0);
        harness.processElement(new StreamRecord<>(5L));
        harness.processElement(new StreamRecord<>(6L));
        harness.setProcessingTime(49);
        assertThat(output(harness)).isEmpty();
        harness.setProcessingTime(50);
        assertThat(output(harness)).containsExactly(11L);
        rescaler.close();
    }

    @Test
    void invalidSettingsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> summing(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be at least 1, got 0");
        assertThatThrownBy(() -> summing(1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDelay must not be negative");
    }
}
