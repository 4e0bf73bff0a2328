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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBKeyedStateBackend;
import org.apache.flink.runtime.state.ConfigurableStateBackend;
import org.apache.flink.runtime.state.KeyedStateBackend;

/**
 * Flink 1.20 adapter: Flink's RocksDB backend and its keyed backend, which live in package {@code
 * org.apache.flink.contrib.streaming.state} on 1.20 ({@code org.apache.flink.state.rocksdb} on
 * 2.x).
 */
@Internal
final class FlinkRocksDB {

    private FlinkRocksDB() {}

    /** Flink's RocksDB backend, not configured yet. */
    static ConfigurableStateBackend backend() {
        return new EmbeddedRocksDBStateBackend();
    }

    /** Flushes and fully compacts {@code state} when {@code backend} is Flink's RocksDB one. */
    static void compact(KeyedStateBackend<?> backend, StateDescriptor<?, ?> state)
            throws Exception {
        if (backend instanceof RocksDBKeyedStateBackend) {
            ((RocksDBKeyedStateBackend<?>) backend).compactState(state);
        }
    }
}
