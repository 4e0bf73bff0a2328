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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalKvState;
import org.apache.flink.runtime.state.internal.InternalMergingState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * Base of the instrumented states: forwards everything to the backend's own state object and
 * reports each access to the state's {@link StateMetrics}.
 *
 * <p>Every access has the same shape: {@code metrics.countRead()} (or {@code countWrite()}) counts
 * it and says whether it is sampled; an unsampled access calls the wrapped state directly; a
 * sampled one reads the clock, calls the wrapped state, and calls {@code metrics.record(start,
 * System.nanoTime(), keyBytes(), …)}: Java evaluates arguments from left to right, so the clock
 * stops before the key and value are serialized to measure their sizes, and the latency covers the
 * state access alone. Neither path creates a lambda or any other object: the sampled path is
 * written out in each method rather than passed as a lambda to a helper, since a capturing lambda
 * handed to a method that the JIT does not inline is allocated on every sampled access.
 *
 * @param <K> the key type
 * @param <N> the namespace type
 * @param <V> the stored value type
 * @param <S> the type of the wrapped state
 */
@Internal
public abstract class AbstractInstrumentedState<K, N, V, S extends InternalKvState<K, N, V>>
        implements InternalKvState<K, N, V> {

    protected final S original;
    protected final StateMetrics metrics;
    private final InternalKeyContext<K> keyContext;
    private final DataOutputSerializer buffer = new DataOutputSerializer(64);
    private N currentNamespace;
    // Duplicates, so that measuring never shares a stateful serializer with the backend.
    private TypeSerializer<K> keySerializer;
    private TypeSerializer<V> valueSerializer;

    protected AbstractInstrumentedState(
            S original, StateMetrics metrics, InternalKeyContext<K> keyContext) {
        this.original = original;
        this.metrics = metrics;
        this.keyContext = keyContext;
    }

    /** The backend's own state object. */
    public S original() {
        return original;
    }

    public StateMetrics metrics() {
        return metrics;
    }

    /** The namespace of the current access, for sampling the whole entry. */
    public N currentNamespace() {
        return currentNamespace;
    }

    /** The current key, for sampling the whole entry. */
    public K currentKey() {
        return keyContext.getCurrentKey();
    }

    @Override
    public TypeSerializer<K> getKeySerializer() {
        return original.getKeySerializer();
    }

    @Override
    public TypeSerializer<N> getNamespaceSerializer() {
        return original.getNamespaceSerializer();
    }

    @Override
    public TypeSerializer<V> getValueSerializer() {
        return original.getValueSerializer();
    }

    @Override
    public void setCurrentNamespace(N namespace) {
        currentNamespace = namespace;
        original.setCurrentNamespace(namespace);
    }

    @Override
    public byte[] getSerializedValue(
            byte[] serializedKeyAndNamespace,
            TypeSerializer<K> safeKeySerializer,
            TypeSerializer<N> safeNamespaceSerializer,
            TypeSerializer<V> safeValueSerializer)
            throws Exception {
        return original.getSerializedValue(
                serializedKeyAndNamespace,
                safeKeySerializer,
                safeNamespaceSerializer,
                safeValueSerializer);
    }

    @Override
    public StateIncrementalVisitor<K, N, V> getStateIncrementalVisitor(
            int recommendedMaxNumberOfReturnedRecords) {
        return original.getStateIncrementalVisitor(recommendedMaxNumberOfReturnedRecords);
    }

    @Override
    public void clear() {
        if (!metrics.countWrite()) {
            original.clear();
            return;
        }
        long start = System.nanoTime();
        original.clear();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
    }

    /** Forwards a merging state's {@code mergeNamespaces}, counted as a write. */
    final void merge(InternalMergingState<K, N, ?, ?, ?> merging, N target, Collection<N> sources)
            throws Exception {
        if (!metrics.countWrite()) {
            merging.mergeNamespaces(target, sources);
            return;
        }
        long start = System.nanoTime();
        merging.mergeNamespaces(target, sources);
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
    }

    /** The size recorded for an access that reads or writes no single value worth measuring. */
    static final int NO_SIZE = -1;

    /** Serialized size of the current key. */
    protected int keyBytes() {
        if (keySerializer == null) {
            keySerializer = original.getKeySerializer().duplicate();
        }
        return sizeOf(keyContext.getCurrentKey(), keySerializer);
    }

    /**
     * Serialized size of a whole stored value (a value, a whole list, a whole map), -1 for null.
     */
    public int valueBytes(V value) {
        if (valueSerializer == null) {
            valueSerializer = original.getValueSerializer().duplicate();
        }
        return sizeOf(value, valueSerializer);
    }

    /** Serialized size of {@code value}, or -1 for null. */
    protected <T> int sizeOf(T value, TypeSerializer<T> serializer) {
        if (value == null) {
            return -1;
        }
        buffer.clear();
        try {
            serializer.serialize(value, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not measure a state value", e);
        }
        return buffer.length();
    }
}
