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
package dev.flinkext.state.instrumented;

import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalReducingState;

import java.util.Collection;

/** A {@code ReducingState} that reports its accesses. */
final class InstrumentedReducingState<K, N, T>
        extends AbstractInstrumentedState<K, N, T, InternalReducingState<K, N, T>>
        implements InternalReducingState<K, N, T> {

    InstrumentedReducingState(
            InternalReducingState<K, N, T> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public T get() throws Exception {
        if (!metrics.countRead()) {
            return original.get();
        }
        long start = System.nanoTime();
        T result = original.get();
        metrics.record(start, System.nanoTime(), keyBytes(), valueBytes(result));
        return result;
    }

    @Override
    public void add(T value) throws Exception {
        if (!metrics.countWrite()) {
            original.add(value);
            return;
        }
        long start = System.nanoTime();
        original.add(value);
        metrics.record(start, System.nanoTime(), keyBytes(), valueBytes(value));
    }

    @Override
    public T getInternal() throws Exception {
        if (!metrics.countRead()) {
            return original.getInternal();
        }
        long start = System.nanoTime();
        T result = original.getInternal();
        metrics.record(start, System.nanoTime(), keyBytes(), valueBytes(result));
        return result;
    }

    @Override
    public void updateInternal(T value) throws Exception {
        if (!metrics.countWrite()) {
            original.updateInternal(value);
            return;
        }
        long start = System.nanoTime();
        original.updateInternal(value);
        metrics.record(start, System.nanoTime(), keyBytes(), valueBytes(value));
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        merge(original, target, sources);
    }
}
