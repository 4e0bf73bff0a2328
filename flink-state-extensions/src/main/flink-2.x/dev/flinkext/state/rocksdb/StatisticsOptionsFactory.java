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

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.state.rocksdb.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;

import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.WriteOptions;

import javax.annotation.Nullable;

import java.util.Collection;

/**
 * Flink 2.x adapter: the options factory through which the block cache watch gets RocksDB's
 * statistics, on this line's options factory types (from {@code org.apache.flink.state.rocksdb};
 * the interfaces and {@code createNativeMetricsOptions} differ between the lines). It wraps the
 * options factory the backend already has (set in code or named by {@code
 * state.backend.rocksdb.options-factory}), gives every new RocksDB instance a statistics object
 * unless one is set already, and hands the instance's options to {@link BlockCacheWatch}.
 */
@Internal
final class StatisticsOptionsFactory implements ConfigurableRocksDBOptionsFactory {

    private static final long serialVersionUID = 1L;

    @Nullable private final RocksDBOptionsFactory inner;

    private StatisticsOptionsFactory(@Nullable RocksDBOptionsFactory inner) {
        this.inner = inner;
    }

    /** Wraps the options factory of {@code backend} (once). */
    static void install(EmbeddedRocksDBStateBackend backend) {
        RocksDBOptionsFactory current = backend.getRocksDBOptions();
        if (!(current instanceof StatisticsOptionsFactory)) {
            backend.setRocksDBOptions(new StatisticsOptionsFactory(current));
        }
    }

    @Override
    public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
        return BlockCacheWatch.withStatistics(
                inner == null ? current : inner.createDBOptions(current, handlesToClose),
                handlesToClose);
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
        return inner == null ? current : inner.createColumnOptions(current, handlesToClose);
    }

    @Override
    public RocksDBNativeMetricOptions createNativeMetricsOptions(
            RocksDBNativeMetricOptions nativeMetricOptions) {
        return inner == null
                ? nativeMetricOptions
                : inner.createNativeMetricsOptions(nativeMetricOptions);
    }

    @Override
    public WriteOptions createWriteOptions(
            WriteOptions current, Collection<AutoCloseable> handlesToClose) {
        return inner == null ? current : inner.createWriteOptions(current, handlesToClose);
    }

    @Override
    public ReadOptions createReadOptions(
            ReadOptions current, Collection<AutoCloseable> handlesToClose) {
        return inner == null ? current : inner.createReadOptions(current, handlesToClose);
    }

    @Override
    public RocksDBOptionsFactory configure(ReadableConfig configuration) {
        return inner instanceof ConfigurableRocksDBOptionsFactory
                ? new StatisticsOptionsFactory(
                        ((ConfigurableRocksDBOptionsFactory) inner).configure(configuration))
                : this;
    }

    @Override
    public String toString() {
        return "StatisticsOptionsFactory{" + inner + "}";
    }
}
