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

import dev.flinkext.state.instrumented.StateMetricOptions;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Profiles, Flink's own keys and code values, in the order in which they win. */
class InstrumentedRocksDBConfigurationTest {

    private static final ClassLoader LOADER =
            InstrumentedRocksDBConfigurationTest.class.getClassLoader();

    private static Map<String, String> rocksDbOptions(InstrumentedRocksDBStateBackend backend) {
        return backend.getRocksDBConfiguration().toMap();
    }

    @Test
    void aProfileSetsDefaultsThatFlinkKeysOverride() {
        Configuration conf = new Configuration();
        conf.set(RocksDBProfileOptions.PROFILE, "write-heavy");
        conf.setString("state.backend.rocksdb.writebuffer.count", "3");
        InstrumentedRocksDBStateBackend backend =
                new InstrumentedRocksDBStateBackend().configure(conf, LOADER);

        assertThat(backend.getProfile()).isEqualTo(RocksDBProfile.WRITE_HEAVY);
        Map<String, String> options = rocksDbOptions(backend);
        // From the profile:
        assertThat(options)
                .containsEntry("state.backend.rocksdb.compaction.level.use-dynamic-size", "true");
        // Set explicitly, so it wins over the profile's 4:
        assertThat(options).containsEntry("state.backend.rocksdb.writebuffer.count", "3");
    }

    @Test
    void profileMemorySplitReachesTheEmbeddedBackendUnderExplicitKeys() {
        Configuration conf = new Configuration();
        conf.set(RocksDBProfileOptions.PROFILE, "read-heavy");
        conf.setString("state.backend.rocksdb.memory.high-prio-pool-ratio", "0.3");
        InstrumentedRocksDBStateBackend backend =
                new InstrumentedRocksDBStateBackend().configure(conf, LOADER);
        var memory = backend.getEmbeddedRocksDBStateBackend().getMemoryConfiguration();
        // From the profile:
        assertThat(memory.getWriteBufferRatio()).isEqualTo(0.25);
        // Set explicitly, so it wins over the profile's 0.25:
        assertThat(memory.getHighPriorityPoolRatio()).isEqualTo(0.3);
    }

    @Test
    void everyProfileIsAcceptedByFlinksRocksDbBackend() {
        for (RocksDBProfile profile : RocksDBProfile.values()) {
            InstrumentedRocksDBStateBackend backend =
                    new InstrumentedRocksDBStateBackend()
                            .setProfile(profile)
                            .configure(new Configuration(), LOADER);
            assertThat(backend.getProfile()).isEqualTo(profile);
            // Flink's backend validates every state.backend.rocksdb.* value in configure().
            profile.defaults()
                    .forEach(
                            (key, value) ->
                                    assertThat(rocksDbOptions(backend)).containsEntry(key, value));
            assertThat(rocksDbOptions(backend))
                    .containsEntry("state.backend.rocksdb.metrics.estimate-num-keys", "true")
                    .containsEntry("state.backend.rocksdb.metrics.estimate-live-data-size", "true");
        }
    }

    @Test
    void codeWinsOverConfiguration() {
        Configuration conf = new Configuration();
        conf.set(RocksDBProfileOptions.PROFILE, "read-heavy");
        conf.set(StateMetricOptions.SAMPLE_INTERVAL, 1000);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, false);
        InstrumentedRocksDBStateBackend backend =
                new InstrumentedRocksDBStateBackend(true)
                        .setProfile(RocksDBProfile.LARGE_STATE_LOW_MEMORY)
                        .setSampleInterval(5)
                        .configure(conf, LOADER);
        assertThat(backend.getProfile()).isEqualTo(RocksDBProfile.LARGE_STATE_LOW_MEMORY);
        assertThat(backend.getSampleInterval()).isEqualTo(5);
        assertThat(backend.getEmbeddedRocksDBStateBackend().isIncrementalCheckpointsEnabled())
                .isTrue();
    }

    @Test
    void metricsSwitchedOffInCodeStayOffWhateverTheConfigurationSays() {
        Configuration conf = new Configuration();
        conf.set(StateMetricOptions.ENABLED, true);
        assertThat(new InstrumentedRocksDBStateBackend().configure(conf, LOADER).isMetricsEnabled())
                .isTrue();
        assertThat(
                        new InstrumentedRocksDBStateBackend()
                                .setMetricsEnabled(false)
                                .configure(conf, LOADER)
                                .isMetricsEnabled())
                .isFalse();
    }

    @Test
    void flinkKeysStillReachTheEmbeddedBackend() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        InstrumentedRocksDBStateBackend backend =
                new InstrumentedRocksDBStateBackend().configure(conf, LOADER);
        assertThat(backend.getEmbeddedRocksDBStateBackend().isIncrementalCheckpointsEnabled())
                .isTrue();
        assertThat(backend.useManagedMemory()).isTrue();
    }

    @Test
    void theFactoryIsFoundByClassNameInConfiguration() throws Exception {
        Configuration conf = new Configuration();
        conf.set(
                StateBackendOptions.STATE_BACKEND,
                InstrumentedRocksDBStateBackendFactory.class.getName());
        conf.set(RocksDBProfileOptions.PROFILE, "READ_HEAVY");
        StateBackend loaded = StateBackendLoader.loadStateBackendFromConfig(conf, LOADER, null);
        assertThat(loaded).isInstanceOf(InstrumentedRocksDBStateBackend.class);
        assertThat(((InstrumentedRocksDBStateBackend) loaded).getProfile())
                .isEqualTo(RocksDBProfile.READ_HEAVY);
        assertThat(((InstrumentedRocksDBStateBackend) loaded).getInnerBackend())
                .isInstanceOf(EmbeddedRocksDBStateBackend.class);
    }

    @Test
    void invalidValuesNameTheKeyTheValueAndWhatIsAllowed() {
        Configuration profile = new Configuration();
        profile.set(RocksDBProfileOptions.PROFILE, "turbo");
        assertThatThrownBy(() -> new InstrumentedRocksDBStateBackend().configure(profile, LOADER))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessage(
                        "Invalid value 'turbo' for 'flinkext.state.rocksdb.profile'. Allowed:"
                                + " default, write-heavy, read-heavy, large-state-low-memory.");

        Configuration interval = new Configuration();
        interval.set(StateMetricOptions.SAMPLE_INTERVAL, 0);
        assertThatThrownBy(() -> new InstrumentedRocksDBStateBackend().configure(interval, LOADER))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessage(
                        "Invalid value 0 for 'flinkext.state.metrics.sample-interval': it must be a"
                                + " whole number of at least 1.");
        assertThatThrownBy(() -> new InstrumentedRocksDBStateBackend().setSampleInterval(-3))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("Invalid value -3");
    }
}
