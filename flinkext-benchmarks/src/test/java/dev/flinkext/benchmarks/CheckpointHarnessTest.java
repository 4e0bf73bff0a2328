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
package dev.flinkext.benchmarks;

import dev.flinkext.benchmarks.CheckpointFloor.Floor;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces of the checkpoint storage benchmark that run outside its MiniClusters. */
class CheckpointHarnessTest {

    @TempDir Path dir;

    @Test
    void keysLandEvenlyOnTheirTasks() {
        long[] keys = CheckpointRun.keys(8, 100);
        assertThat(keys).hasSize(800).doesNotHaveDuplicates();
        int[] perTask = new int[8];
        for (int i = 0; i < keys.length; i++) {
            int task =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            keys[i], CheckpointRun.MAX_PARALLELISM, 8);
            perTask[task]++;
            // Interleaved: consecutive records go to consecutive tasks.
            assertThat(task).isEqualTo(i % 8);
        }
        assertThat(perTask).containsOnly(100);
        assertThat(CheckpointRun.keys(1, 5)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void taskStatesSpreadEvenlyFromSmallestToLargest() {
        assertThat(S3Cell.taskStates(100, 800, 8))
                .containsExactly(100, 200, 300, 400, 500, 600, 700, 800);
        assertThat(S3Cell.taskStates(100, 800, 1)).containsExactly(800);
    }

    @Test
    void theFloorSerializesAndWritesTheWholeState() throws Exception {
        Floor floor = CheckpointFloor.measure(2_000, 100, dir, 2);
        // 2,000 values of 100 bytes, each with its key and length.
        assertThat(floor.bytes()).isBetween(2_000L * 100, 2_000L * 130);
        assertThat(floor.serializeMillis()).isPositive();
        assertThat(floor.writeMillis()).isPositive();
        assertThat(floor.millis()).isEqualTo(floor.serializeMillis() + floor.writeMillis());
        // What it wrote is gone again: only the (empty) checkpoint directories remain.
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void exactCountsPrintAsOneNumber() {
        assertThat(S3Cell.exact(new double[] {63, 63, 63})).isEqualTo("63");
        assertThat(S3Cell.exact(new double[] {62, 63, 64})).isEqualTo("63 [62–64]");
        assertThat(Arrays.stream(CheckpointStorageBenchmark.finite(new double[] {1, Double.NaN})))
                .containsExactly(1.0);
    }
}
