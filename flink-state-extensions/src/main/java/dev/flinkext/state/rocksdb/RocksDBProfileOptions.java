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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;

import java.util.Arrays;
import java.util.Locale;

/** Options of {@link InstrumentedRocksDBStateBackend}. */
@PublicEvolving
public final class RocksDBProfileOptions {

    /** The workload profile. */
    @Documentation.Section("flinkext_state_rocksdb")
    public static final ConfigOption<String> PROFILE =
            ConfigOptions.key("flinkext.state.rocksdb.profile")
                    .stringType()
                    .defaultValue("default")
                    .withDescription(
                            "Workload profile of the instrumented RocksDB backend: default,"
                                    + " write-heavy, read-heavy or large-state-low-memory. A profile"
                                    + " only sets defaults for Flink's own state.backend.rocksdb.*"
                                    + " keys; keys set explicitly win. See docs/state-backends.md"
                                    + " for the keys of each profile.");

    private RocksDBProfileOptions() {}

    /** The profile {@code config} names; fails with the key, the value and the allowed values. */
    public static RocksDBProfile profile(ReadableConfig config) {
        String value = config.get(PROFILE);
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RocksDBProfile profile : RocksDBProfile.values()) {
            if (profile.name().equals(normalized)) {
                return profile;
            }
        }
        throw new IllegalConfigurationException(
                "Invalid value '%s' for '%s'. Allowed: %s.",
                value,
                PROFILE.key(),
                String.join(
                        ", ",
                        Arrays.stream(RocksDBProfile.values())
                                .map(RocksDBProfileOptions::keyName)
                                .toList()));
    }

    /** The spelling of a profile in configuration: {@code write-heavy}. */
    public static String keyName(RocksDBProfile profile) {
        return profile.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
