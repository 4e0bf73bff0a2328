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
package dev.flinkext.state.rocksdb;

import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;

/**
 * Flink 2.x adapter: test helper (its twin in src/test/flink-1.20 names that line's class) that
 * compacts one state of Flink's RocksDB keyed backend into its bottom level, through Flink's own
 * {@code compactState}.
 */
final class RocksDBCompaction {

    private RocksDBCompaction() {}

    static void compact(KeyedStateBackend<?> rocksDB, StateDescriptor<?, ?> state)
            throws Exception {
        ((RocksDBKeyedStateBackend<?>) rocksDB).compactState(state);
    }
}
