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
package com.example;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
import org.apache.flink.runtime.state.filesystem.FsStateBackend;
import org.apache.flink.runtime.state.memory.MemoryStateBackend;
import org.apache.flink.streaming.api.environment.CheckpointConfig.ExternalizedCheckpointCleanup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A job written for Flink 1.13, its state set up as the tour's legacy rows do (the same lines as
 * TourConfiguration's), and written so that it compiles on Flink 2.x once migrated (no
 * SourceFunction). It counts and sums 1..n per key n % 7, fails once after a completed checkpoint,
 * and prints one line per key when the input ends.
 */
public class CountingJob {

    /**
     * Arguments: tour rows (comma-separated), a folder, n. Each row checkpoints to folder/row and
     * marks its failure in folder/row.failed.
     */
    public static void main(String[] args) throws Exception {
        for (String row : args[0].split(",")) {
            Path folder = Path.of(args[1]);
            String dir = folder.resolve(row).toUri().toString();
            String marker = folder.resolve(row + ".failed").toString();
            for (String line : run(row, dir, marker, Long.parseLong(args[2]))) {
                System.out.println("RESULT " + row + " " + line);
            }
        }
    }

    /** Runs the job for one tour row: its state in dir, its failure marked in marker. */
    public static List<String> run(String row, String dir, String marker, long n)
            throws Exception {

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.getCheckpointConfig()
                .enableExternalizedCheckpoints(ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        if (row.equals("legacy-rocksdb-incr")) {
            env.setStateBackend(new RocksDBStateBackend(dir, true));
        } else if (row.equals("legacy-rocksdb-full")) {
            env.setStateBackend(new RocksDBStateBackend(dir, false));
        } else if (row.equals("legacy-fs")) {
            env.setStateBackend(new FsStateBackend(dir));
        } else if (row.equals("legacy-memory")) {
            env.setStateBackend(new MemoryStateBackend());
        } else {
            throw new IllegalArgumentException("Unknown row " + row);
        }

        List<String> results = new ArrayList<>();
        try (CloseableIterator<String> it =
                env.fromSequence(1, n)
                        .map(new FailOnceAfterCheckpoint(marker))
                        .keyBy(v -> v % 7)
                        .process(new CountPerKey())
                        .executeAndCollect("counting-" + row)) {
            it.forEachRemaining(results::add);
        }
        return results;
    }

    /** Slows the input until a checkpoint completed, then fails once (the marker file says so). */
    public static class FailOnceAfterCheckpoint extends RichMapFunction<Long, Long>
            implements CheckpointListener {
        private final String marker;
        private transient boolean checkpointed;

        FailOnceAfterCheckpoint(String marker) {
            this.marker = marker;
        }

        @Override
        public Long map(Long value) throws Exception {
            Path file = Path.of(marker);
            if (Files.exists(file)) {
                return value;
            }
            if (checkpointed) {
                try {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException e) {
                    return value; // the other subtask failed
                }
                throw new IllegalStateException("Injected failure after a completed checkpoint");
            }
            Thread.sleep(1);
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    /** Count and sum per key in keyed state; one line per key at the end of the input. */
    public static class CountPerKey extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> count;
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out)
                throws Exception {
            if (count.value() == null) {
                count.update(0L);
                sum.update(0L);
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            count.update(count.value() + 1);
            sum.update(sum.value() + value);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
                throws Exception {
            out.collect(ctx.getCurrentKey() + "," + count.value() + "," + sum.value());
        }
    }
}
