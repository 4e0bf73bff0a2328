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

import dev.flinkext.state.instrumented.EntryTracker;
import dev.flinkext.state.instrumented.InstrumentedStateBackend;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;

/**
 * Flink's {@link HashMapStateBackend} with per-state metrics and a heap state-size guard.
 *
 * <pre>{@code
 * env.setStateBackend(new InstrumentedHashMapStateBackend().setSampleInterval(50));
 * }</pre>
 *
 * or, with no code: {@code state.backend.type:
 * dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory}. Every key of Flink's heap
 * backend ({@code state.latency-track.*}, …) keeps working.
 */
@PublicEvolving
public class InstrumentedHashMapStateBackend
        extends InstrumentedStateBackend<InstrumentedHashMapStateBackend> {

    private static final long serialVersionUID = 1L;

    /** Backend-level gauge: estimated serialized size of all states of one operator instance. */
    public static final String ESTIMATED_STATE_SIZE = "estimatedStateSizeBytes";

    /** Backend-level gauge: the heap guard's level, 0 (ok), 1 (soft limit) or 2 (hard limit). */
    public static final String GUARD_LEVEL = "heapStateGuardLevel";

    public InstrumentedHashMapStateBackend() {
        this(new HashMapStateBackend(), new Configuration(), new Configuration());
    }

    private InstrumentedHashMapStateBackend(
            StateBackend inner, Configuration setInCode, Configuration configured) {
        super(inner, setInCode, configured);
        // Fail early, naming the key, on invalid limits.
        guardSettings();
    }

    /**
     * Sets {@link HeapStateGuardOptions#SOFT_LIMIT} and {@link HeapStateGuardOptions#HARD_LIMIT} in
     * code.
     */
    public InstrumentedHashMapStateBackend setHeapLimits(MemorySize soft, MemorySize hard) {
        setInCode.set(HeapStateGuardOptions.SOFT_LIMIT, soft);
        setInCode.set(HeapStateGuardOptions.HARD_LIMIT, hard);
        guardSettings();
        return this;
    }

    HeapStateGuardSettings guardSettings() {
        return HeapStateGuardSettings.fromConfig(
                effective(configured), Runtime.getRuntime().maxMemory());
    }

    @Override
    public InstrumentedHashMapStateBackend configure(
            ReadableConfig config, ClassLoader classLoader) {
        return new InstrumentedHashMapStateBackend(
                ((HashMapStateBackend) inner).configure(config, classLoader),
                new Configuration(setInCode),
                Configuration.fromMap(config.toMap()));
    }

    @Override
    @Internal
    protected EntryTracker entryTracker() {
        return new HeapEntryTracker(guardSettings());
    }
}
