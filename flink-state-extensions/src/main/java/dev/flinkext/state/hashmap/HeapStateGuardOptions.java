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

import dev.flinkext.state.instrumented.StateMetricOptions;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;

/** Options of the heap state-size guard of {@link InstrumentedHashMapStateBackend}. */
@PublicEvolving
public final class HeapStateGuardOptions {

    /**
     * The instrumented RocksDB backend's factory, which the guard suggests for large state. Named
     * as a string so that the heap backend does not depend on the RocksDB one; a test checks it.
     */
    static final String ROCKSDB_FACTORY =
            "dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory";

    /** Whether the guard runs. */
    @Documentation.Section("flinkext_state_heap")
    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("flinkext.state.heap.size-guard.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the instrumented heap backend estimates the heap state held in"
                                    + " this TaskManager and acts at the soft and hard limits.");

    /** Above this estimate the guard warns. */
    @Documentation.Section("flinkext_state_heap")
    public static final ConfigOption<MemorySize> SOFT_LIMIT =
            ConfigOptions.key("flinkext.state.heap.size-guard.soft-limit")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription(
                            "Estimated heap state per TaskManager above which the guard logs a"
                                    + " warning naming the largest states and reports level 1 in the"
                                    + " 'heapStateGuardLevel' metric. Default: 50% of the JVM's"
                                    + " maximum heap.");

    /** Above this estimate the guard fails the task. */
    @Documentation.Section("flinkext_state_heap")
    public static final ConfigOption<MemorySize> HARD_LIMIT =
            ConfigOptions.key("flinkext.state.heap.size-guard.hard-limit")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription(
                            "Estimated heap state per TaskManager above which the guard fails the"
                                    + " task that writes, with an error naming the largest states and"
                                    + " suggesting RocksDB ("
                                    + ROCKSDB_FACTORY
                                    + "), before the JVM runs out of memory. Default: 80% of the"
                                    + " JVM's maximum heap. Must be above the soft limit.");

    /** Heap bytes per serialized byte. */
    @Documentation.Section("flinkext_state_heap")
    public static final ConfigOption<Double> OBJECT_OVERHEAD =
            ConfigOptions.key("flinkext.state.heap.size-guard.object-overhead")
                    .doubleType()
                    .defaultValue(3.0)
                    .withDescription(
                            "Heap bytes per serialized byte: the guard multiplies the serialized"
                                    + " size estimate by this factor, since Java objects and the"
                                    + " state tables' entries take more room than their serialized"
                                    + " form. At least 1.");

    /** At most how often the guard adds up the heap state. */
    @Documentation.Section("flinkext_state_heap")
    public static final ConfigOption<Duration> CHECK_INTERVAL =
            ConfigOptions.key("flinkext.state.heap.size-guard.check-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription(
                            "How often at most the guard adds up the estimated heap state of this"
                                    + " TaskManager: at the first sampled access (see '"
                                    + StateMetricOptions.SAMPLE_INTERVAL.key()
                                    + "') after this much time has passed since the last check,"
                                    + " and whenever a state backend was created or disposed in the"
                                    + " meantime. In between, a sampled access only reads the clock,"
                                    + " so the guard's cost per access does not grow with the number"
                                    + " of states and key groups; state written between two checks"
                                    + " is caught by the next one. 0 checks after every sampled"
                                    + " access.");

    private HeapStateGuardOptions() {}
}
