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

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointStorageAccess;
import org.apache.flink.runtime.state.CheckpointStorageLocation;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.util.concurrent.FutureUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.RunnableFuture;

/**
 * The work no checkpoint storage can avoid for the benchmark's heap state, measured outside a job:
 * the heap backend's snapshot of the same key/value set serialized to a stream that discards its
 * bytes, and the same bytes written through Flink's filesystem checkpoint stream on the local disk
 * as {@code FileSystemCheckpointStorage} writes them (its stream factory, its buffer size, no
 * fsync: Flink's streams never sync, so the bytes end in the page cache), in pieces of one value.
 * Each is the median of its repetitions, after one untimed repetition of each.
 */
final class CheckpointFloor {

    /** Medians over the repetitions of one measurement, in milliseconds. */
    record Floor(double serializeMillis, double writeMillis, long bytes) {
        double millis() {
            return serializeMillis + writeMillis;
        }
    }

    private CheckpointFloor() {}

    /**
     * Fills a heap backend with {@code keys} keys ({@code 0..keys-1}) of {@code valueBytes} random
     * bytes each, in one value state as the benchmark's job does, and measures {@code repetitions}
     * snapshots and writes (a {@code sync} before each write, as before each benchmark run).
     */
    static Floor measure(long keys, int valueBytes, Path dir, int repetitions) throws Exception {
        MockEnvironment env = KeyedBackends.environment();
        CheckpointableKeyedStateBackend<Long> backend =
                KeyedBackends.create(new HashMapStateBackend(), env);
        try {
            ValueState<byte[]> state =
                    backend.getPartitionedState(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            new ValueStateDescriptor<>("value", byte[].class));
            SplittableRandom random = new SplittableRandom(0);
            for (long key = 0; key < keys; key++) {
                backend.setCurrentKey(key);
                byte[] value = new byte[valueBytes];
                random.nextBytes(value);
                state.update(value);
            }
            // One untimed snapshot and write first: the first round's JVM is cold.
            snapshot(backend, new DiscardingStreamFactory(), 1);
            double[] serialize = new double[repetitions];
            for (int i = 0; i < repetitions; i++) {
                long start = System.nanoTime();
                snapshot(backend, new DiscardingStreamFactory(), i + 2);
                serialize[i] = (System.nanoTime() - start) / 1e6;
            }
            byte[] bytes = serialized(backend);
            double[] write = new double[repetitions];
            CheckpointStorageAccess access =
                    new FileSystemCheckpointStorage(dir.toUri().toString())
                            .configure(new Configuration(), CheckpointFloor.class.getClassLoader())
                            .createCheckpointStorage(new JobID());
            access.initializeBaseLocationsForCheckpoint();
            for (int i = 0; i < repetitions; i++) {
                CheckpointStorageLocation location = access.initializeLocationForCheckpoint(i + 1);
                CheckpointStorageBenchmark.flushDirtyPages();
                long start = System.nanoTime();
                StreamStateHandle handle = write(location, bytes, valueBytes);
                if (i >= 0) {
                    write[i] = (System.nanoTime() - start) / 1e6;
                }
                handle.discardState();
                location.disposeOnFailure();
            }
            return new Floor(Ratios.median(serialize), Ratios.median(write), bytes.length);
        } finally {
            backend.dispose();
            env.close();
        }
    }

    /** Writes {@code bytes} in pieces of a value's size, as the snapshot's many small writes. */
    private static StreamStateHandle write(CheckpointStreamFactory factory, byte[] bytes, int piece)
            throws IOException {
        try (CheckpointStateOutputStream out =
                factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE)) {
            for (int offset = 0; offset < bytes.length; offset += piece) {
                out.write(bytes, offset, Math.min(piece, bytes.length - offset));
            }
            return out.closeAndGetHandle();
        }
    }

    private static SnapshotResult<KeyedStateHandle> snapshot(
            CheckpointableKeyedStateBackend<Long> backend,
            CheckpointStreamFactory factory,
            long checkpointId)
            throws Exception {
        RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                backend.snapshot(
                        checkpointId,
                        checkpointId,
                        factory,
                        CheckpointOptions.forCheckpointWithDefaultLocation());
        return FutureUtils.runIfNotDoneAndGet(future);
    }

    /** The bytes of one snapshot, captured by Flink's in-memory checkpoint stream. */
    private static byte[] serialized(CheckpointableKeyedStateBackend<Long> backend)
            throws Exception {
        KeyedStateHandle handle =
                snapshot(backend, new MemCheckpointStreamFactory(Integer.MAX_VALUE), 0)
                        .getJobManagerOwnedSnapshot();
        return ((ByteStreamStateHandle) ((KeyGroupsStateHandle) handle).getDelegateStateHandle())
                .getData();
    }

    /** Streams that count the bytes written to them and keep none. */
    static final class DiscardingStreamFactory implements CheckpointStreamFactory {
        @Override
        public CheckpointStateOutputStream createCheckpointStateOutputStream(
                CheckpointedStateScope scope) {
            return new DiscardingStream();
        }

        @Override
        public boolean canFastDuplicate(StreamStateHandle handle, CheckpointedStateScope scope) {
            return false;
        }

        @Override
        public List<StreamStateHandle> duplicate(
                List<StreamStateHandle> handles, CheckpointedStateScope scope) {
            throw new UnsupportedOperationException("Nothing to duplicate: the bytes are gone.");
        }
    }

    /** Counts bytes; its handle holds none of them. */
    static final class DiscardingStream extends CheckpointStateOutputStream {
        private long position;

        @Override
        public StreamStateHandle closeAndGetHandle() {
            return new ByteStreamStateHandle("discarded-" + position, new byte[0]);
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) {
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            position += len;
        }

        @Override
        public void flush() {}

        @Override
        public void sync() {}

        @Override
        public void close() {}
    }
}
