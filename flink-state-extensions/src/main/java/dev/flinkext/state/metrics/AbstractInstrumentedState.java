package dev.flinkext.state.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalKvState;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Base of the instrumented states: forwards everything to the backend's own state object and
 * reports each access to the state's {@link StateMetrics}.
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
        long start = metrics.beginWrite();
        original.clear();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
    }

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
