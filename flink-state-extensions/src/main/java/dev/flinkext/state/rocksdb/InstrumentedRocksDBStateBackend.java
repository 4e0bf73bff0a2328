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

import dev.flinkext.state.instrumented.EntryTracker;
import dev.flinkext.state.instrumented.InstrumentedStateBackend;
import dev.flinkext.state.instrumented.StateMetricOptions;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBNativeMetricOptions;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;

/**
 * Flink's {@link EmbeddedRocksDBStateBackend} with per-state metrics, a cheap default set of
 * RocksDB's own per-state (column family) size metrics, and workload profiles.
 *
 * <pre>{@code
 * env.setStateBackend(new InstrumentedRocksDBStateBackend(true).setProfile(RocksDBProfile.WRITE_HEAVY));
 * }</pre>
 *
 * or, with no code: {@code state.backend.type:
 * dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory} and {@code
 * flinkext.state.rocksdb.profile: write-heavy}. Every {@code state.backend.rocksdb.*} key, {@code
 * execution.checkpointing.incremental} and the managed-memory keys keep working and win over the
 * profile.
 *
 * <p>Unless set explicitly, it turns on RocksDB's {@code estimate-num-keys} and {@code
 * estimate-live-data-size} properties for every state (read from RocksDB when the metric is
 * reported, no statistics collection), with the state name as the {@code column_family} variable.
 *
 * <p>Unless {@link BlockCacheWatchOptions#ENABLED} is false, it also gives every RocksDB instance
 * RocksDB's statistics (through an options factory that wraps the configured one) and reports, per
 * keyed backend, the index and filter block reads per lookup that show lookups crawling because the
 * block cache cannot keep those blocks, with one warning per backend naming the fix (see
 * docs/state-backends.md).
 */
@PublicEvolving
public class InstrumentedRocksDBStateBackend
        extends InstrumentedStateBackend<InstrumentedRocksDBStateBackend> {

    private static final long serialVersionUID = 1L;

    /** RocksDB native metrics this backend turns on unless they are set explicitly. */
    static final Configuration NATIVE_METRIC_DEFAULTS = new Configuration();

    static {
        NATIVE_METRIC_DEFAULTS.set(RocksDBNativeMetricOptions.ESTIMATE_NUM_KEYS, true);
        NATIVE_METRIC_DEFAULTS.set(RocksDBNativeMetricOptions.ESTIMATE_LIVE_DATA_SIZE, true);
        NATIVE_METRIC_DEFAULTS.set(RocksDBNativeMetricOptions.COLUMN_FAMILY_AS_VARIABLE, true);
    }

    /** What this backend passed to the embedded backend's configure: defaults, profile, config. */
    private final Configuration rocksDBConfiguration;

    /** Incremental checkpoints as configured ({@code execution.checkpointing.incremental}). */
    public InstrumentedRocksDBStateBackend() {
        this(
                new EmbeddedRocksDBStateBackend(),
                new Configuration(),
                new Configuration(),
                new Configuration());
    }

    /** Incremental checkpoints on or off, whatever the configuration says. */
    public InstrumentedRocksDBStateBackend(boolean incrementalCheckpoints) {
        this(
                new EmbeddedRocksDBStateBackend(incrementalCheckpoints),
                new Configuration(),
                new Configuration(),
                new Configuration());
    }

    private InstrumentedRocksDBStateBackend(
            StateBackend inner,
            Configuration setInCode,
            Configuration configured,
            Configuration rocksDBConfiguration) {
        super(inner, setInCode, configured);
        this.rocksDBConfiguration = rocksDBConfiguration;
        // Fail early, naming the key, on an unknown profile.
        getProfile();
    }

    /** The embedded RocksDB backend, for settings made in code (they win over configuration). */
    public EmbeddedRocksDBStateBackend getEmbeddedRocksDBStateBackend() {
        return (EmbeddedRocksDBStateBackend) inner;
    }

    /** Sets {@link RocksDBProfileOptions#PROFILE} in code. */
    public InstrumentedRocksDBStateBackend setProfile(RocksDBProfile profile) {
        setInCode.set(RocksDBProfileOptions.PROFILE, RocksDBProfileOptions.keyName(profile));
        return this;
    }

    public RocksDBProfile getProfile() {
        return RocksDBProfileOptions.profile(effective(configured));
    }

    @Override
    public InstrumentedRocksDBStateBackend configure(
            ReadableConfig config, ClassLoader classLoader) {
        Configuration own = Configuration.fromMap(config.toMap());
        RocksDBProfile profile = RocksDBProfileOptions.profile(effective(own));
        // Lowest first: our metric defaults, then the profile, then what the user configured.
        Configuration forRocksDB = new Configuration(NATIVE_METRIC_DEFAULTS);
        forRocksDB.addAll(profile.asConfiguration());
        forRocksDB.addAll(own);
        EmbeddedRocksDBStateBackend embedded =
                getEmbeddedRocksDBStateBackend().configure(forRocksDB, classLoader);
        if (watchesBlockCache(effective(own))) {
            StatisticsOptionsFactory.install(embedded);
        }
        return new InstrumentedRocksDBStateBackend(
                embedded, new Configuration(setInCode), own, forRocksDB);
    }

    /** Sets {@link BlockCacheWatchOptions#ENABLED} in code. */
    public InstrumentedRocksDBStateBackend setBlockCacheWatchEnabled(boolean enabled) {
        setInCode.set(BlockCacheWatchOptions.ENABLED, enabled);
        return this;
    }

    @Override
    public <K> AbstractKeyedStateBackend<K> createKeyedStateBackend(
            KeyedStateBackendParameters<K> parameters) throws Exception {
        // The options factory hands the new instance's options over on this thread.
        BlockCacheWatch.clearOpened();
        try {
            return super.createKeyedStateBackend(parameters);
        } finally {
            BlockCacheWatch.clearOpened();
        }
    }

    /**
     * The block cache watch of the keyed backend being created, when {@link
     * BlockCacheWatchOptions#ENABLED} (it reports nothing unless this backend was configured, which
     * installs the options factory that gives RocksDB its statistics).
     */
    @Internal
    @Override
    protected EntryTracker entryTracker() {
        Configuration settings = effective(configured);
        return watchesBlockCache(settings) ? BlockCacheWatch.fromConfig(settings) : null;
    }

    /** The watch reads RocksDB's tickers on sampled accesses, so it needs the state metrics. */
    private static boolean watchesBlockCache(Configuration settings) {
        return settings.get(BlockCacheWatchOptions.ENABLED)
                && settings.get(StateMetricOptions.ENABLED);
    }

    /**
     * The configuration this backend handed to the embedded RocksDB backend when it was configured:
     * its metric defaults, under the profile's keys, under the configuration's own keys.
     */
    public Configuration getRocksDBConfiguration() {
        return new Configuration(rocksDBConfiguration);
    }
}
