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
package dev.flinkext.state.hashmap;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.TimeUtils;

import java.io.Serializable;
import java.time.Duration;

/**
 * The heap guard's settings, read once from configuration.
 *
 * @param enabled whether the guard runs
 * @param softLimitBytes warn above this estimate
 * @param hardLimitBytes fail above this estimate
 * @param objectOverhead heap bytes per serialized byte
 * @param checkIntervalNanos at most how often the guard adds up the heap state; 0: after every
 *     sampled access
 */
@Internal
record HeapStateGuardSettings(
        boolean enabled,
        long softLimitBytes,
        long hardLimitBytes,
        double objectOverhead,
        long checkIntervalNanos)
        implements Serializable {

    /** Reads the settings; limits default to fractions of {@code maxHeapBytes}. */
    static HeapStateGuardSettings fromConfig(ReadableConfig config, long maxHeapBytes) {
        long soft =
                config.getOptional(HeapStateGuardOptions.SOFT_LIMIT)
                        .map(MemorySize::getBytes)
                        .orElse(maxHeapBytes / 2);
        long hard =
                config.getOptional(HeapStateGuardOptions.HARD_LIMIT)
                        .map(MemorySize::getBytes)
                        .orElse(maxHeapBytes / 10 * 8);
        double overhead = config.get(HeapStateGuardOptions.OBJECT_OVERHEAD);
        if (overhead < 1) {
            throw new IllegalConfigurationException(
                    "Invalid value %s for '%s': it must be a number of at least 1 (heap bytes per"
                            + " serialized byte).",
                    overhead, HeapStateGuardOptions.OBJECT_OVERHEAD.key());
        }
        if (hard <= soft) {
            throw new IllegalConfigurationException(
                    "Invalid heap state guard limits: '%s' (%s) must be above '%s' (%s).",
                    HeapStateGuardOptions.HARD_LIMIT.key(),
                    new MemorySize(hard).toHumanReadableString(),
                    HeapStateGuardOptions.SOFT_LIMIT.key(),
                    new MemorySize(soft).toHumanReadableString());
        }
        Duration interval = config.get(HeapStateGuardOptions.CHECK_INTERVAL);
        if (interval.isNegative()) {
            throw new IllegalConfigurationException(
                    "Invalid value %s for '%s': it must be a duration of at least 0 (0: check after"
                            + " every sampled access).",
                    TimeUtils.formatWithHighestUnit(interval),
                    HeapStateGuardOptions.CHECK_INTERVAL.key());
        }
        return new HeapStateGuardSettings(
                config.get(HeapStateGuardOptions.ENABLED),
                soft,
                hard,
                overhead,
                interval.toNanos());
    }
}
