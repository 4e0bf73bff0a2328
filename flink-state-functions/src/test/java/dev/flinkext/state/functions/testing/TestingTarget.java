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
package dev.flinkext.state.functions.testing;

import dev.flinkext.state.functions.buffering.Batch;
import dev.flinkext.state.functions.buffering.BatchWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An external system that stores batches idempotently by id (like an upsert), and remembers when
 * the same id arrived with different records, which a correct sink never does. Lives in the test
 * JVM, shared with the MiniCluster's tasks, one instance per name.
 */
public final class TestingTarget {

    private static final Map<String, TestingTarget> TARGETS = new ConcurrentHashMap<>();

    private final Map<String, List<Long>> batches = new ConcurrentHashMap<>();
    private final List<String> conflicts = new ArrayList<>();
    private final AtomicLong writes = new AtomicLong();

    public static TestingTarget named(String name) {
        return TARGETS.computeIfAbsent(name, n -> new TestingTarget());
    }

    /** A serializable writer into the target called {@code name}. */
    public static BatchWriter<Long> writer(String name) {
        return batch -> named(name).write(batch);
    }

    private void write(Batch<Long> batch) {
        writes.incrementAndGet();
        List<Long> previous = batches.putIfAbsent(batch.id(), batch.records());
        if (previous != null && !previous.equals(batch.records())) {
            synchronized (conflicts) {
                conflicts.add(batch.id());
            }
        }
    }

    /** Every record of every distinct batch, in no particular order. */
    public List<Long> records() {
        List<Long> all = new ArrayList<>();
        batches.values().forEach(all::addAll);
        return all;
    }

    public int distinctBatches() {
        return batches.size();
    }

    public long writes() {
        return writes.get();
    }

    public List<String> conflicts() {
        synchronized (conflicts) {
            return List.copyOf(conflicts);
        }
    }
}
