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

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalListState;

import java.util.Collection;
import java.util.List;

/** A {@code ListState} that reports its accesses; the value size is that of one element. */
final class InstrumentedListState<K, N, T>
        extends AbstractInstrumentedState<K, N, List<T>, InternalListState<K, N, T>>
        implements InternalListState<K, N, T> {

    private TypeSerializer<T> elementSerializer;

    InstrumentedListState(
            InternalListState<K, N, T> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public Iterable<T> get() throws Exception {
        if (!metrics.countRead()) {
            return original.get();
        }
        long start = System.nanoTime();
        Iterable<T> result = original.get();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
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
        metrics.record(start, System.nanoTime(), keyBytes(), elementBytes(value));
    }

    @Override
    public void update(List<T> values) throws Exception {
        if (!metrics.countWrite()) {
            original.update(values);
            return;
        }
        long start = System.nanoTime();
        original.update(values);
        metrics.record(start, System.nanoTime(), keyBytes(), firstElementBytes(values));
    }

    @Override
    public void addAll(List<T> values) throws Exception {
        if (!metrics.countWrite()) {
            original.addAll(values);
            return;
        }
        long start = System.nanoTime();
        original.addAll(values);
        metrics.record(start, System.nanoTime(), keyBytes(), firstElementBytes(values));
    }

    @Override
    public List<T> getInternal() throws Exception {
        if (!metrics.countRead()) {
            return original.getInternal();
        }
        long start = System.nanoTime();
        List<T> result = original.getInternal();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
        return result;
    }

    @Override
    public void updateInternal(List<T> values) throws Exception {
        if (!metrics.countWrite()) {
            original.updateInternal(values);
            return;
        }
        long start = System.nanoTime();
        original.updateInternal(values);
        metrics.record(start, System.nanoTime(), keyBytes(), firstElementBytes(values));
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        merge(original, target, sources);
    }

    private int firstElementBytes(List<T> values) {
        return values == null || values.isEmpty() ? -1 : elementBytes(values.get(0));
    }

    private int elementBytes(T element) {
        if (elementSerializer == null) {
            elementSerializer =
                    ((ListSerializer<T>) original.getValueSerializer())
                            .getElementSerializer()
                            .duplicate();
        }
        return sizeOf(element, elementSerializer);
    }
}
