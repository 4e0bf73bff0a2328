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
package dev.flinkext.tools.verify;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.state.rocksdb.RocksDBOptions;

import java.io.File;

/**
 * Flink 2.x adapter: the RocksDB backend that restores a snapshot offline, and reading back every
 * entry of what it restored. RocksDB's classes are in package {@code
 * org.apache.flink.state.rocksdb} on this line.
 */
@Internal
final class RocksDBRestore {

    private RocksDBRestore() {}

    /** RocksDB configured as {@code configuration} says, its files in {@code tmp}, unmanaged. */
    static StateBackend backend(Configuration configuration, File tmp, ClassLoader classLoader) {
        Configuration rocksConf = new Configuration(configuration);
        // Restored state lives in the temporary folder; no managed memory outside a task.
        rocksConf.set(RocksDBOptions.USE_MANAGED_MEMORY, false);
        rocksConf.set(RocksDBOptions.LOCAL_DIRECTORIES, tmp.getAbsolutePath());
        return new EmbeddedRocksDBStateBackend().configure(rocksConf, classLoader);
    }

    /** Whether {@code restored} is a RocksDB keyed backend. */
    static boolean isRocksDB(Object restored) {
        return restored instanceof RocksDBKeyedStateBackend;
    }

    /**
     * Reads every entry of every column family of a restored RocksDB backend, timers included
     * (RocksDB verifies each block's checksum as it reads it), and returns their number: one per
     * map entry, one per list, one per timer.
     */
    static long readAllEntries(Object restored) throws Exception {
        return ((RocksDBKeyedStateBackend<?>) restored).numKeyValueStateEntries();
    }
}
