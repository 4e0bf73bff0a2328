package dev.flinkext.state.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.MapSerializer;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalMapState;

import java.util.Iterator;
import java.util.Map;

/**
 * A {@code MapState} that reports its accesses; the key size includes the user key, the value size
 * is that of one user value. Iterating counts as one read.
 */
@Internal
public final class InstrumentedMapState<K, N, UK, UV>
        extends AbstractInstrumentedState<K, N, Map<UK, UV>, InternalMapState<K, N, UK, UV>>
        implements InternalMapState<K, N, UK, UV> {

    private TypeSerializer<UK> userKeySerializer;
    private TypeSerializer<UV> userValueSerializer;

    public InstrumentedMapState(
            InternalMapState<K, N, UK, UV> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public UV get(UK key) throws Exception {
        long start = metrics.beginRead();
        UV value = original.get(key);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(key), userValueBytes(value));
        }
        return value;
    }

    @Override
    public void put(UK key, UV value) throws Exception {
        long start = metrics.beginWrite();
        original.put(key, value);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(key), userValueBytes(value));
        }
    }

    @Override
    public void putAll(Map<UK, UV> map) throws Exception {
        long start = metrics.beginWrite();
        original.putAll(map);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
    }

    @Override
    public void remove(UK key) throws Exception {
        long start = metrics.beginWrite();
        original.remove(key);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(key), -1);
        }
    }

    @Override
    public boolean contains(UK key) throws Exception {
        long start = metrics.beginRead();
        boolean contained = original.contains(key);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(key), -1);
        }
        return contained;
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() throws Exception {
        long start = metrics.beginRead();
        Iterable<Map.Entry<UK, UV>> entries = original.entries();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
        return entries;
    }

    @Override
    public Iterable<UK> keys() throws Exception {
        long start = metrics.beginRead();
        Iterable<UK> keys = original.keys();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
        return keys;
    }

    @Override
    public Iterable<UV> values() throws Exception {
        long start = metrics.beginRead();
        Iterable<UV> values = original.values();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
        return values;
    }

    @Override
    public Iterator<Map.Entry<UK, UV>> iterator() throws Exception {
        long start = metrics.beginRead();
        Iterator<Map.Entry<UK, UV>> iterator = original.iterator();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
        return iterator;
    }

    @Override
    public boolean isEmpty() throws Exception {
        long start = metrics.beginRead();
        boolean empty = original.isEmpty();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
        return empty;
    }

    private int keyBytes(UK userKey) {
        int userKeyBytes = sizeOf(userKey, userKeySerializer());
        return keyBytes() + Math.max(0, userKeyBytes);
    }

    private int userValueBytes(UV value) {
        if (userValueSerializer == null) {
            userValueSerializer = mapSerializer().getValueSerializer().duplicate();
        }
        return sizeOf(value, userValueSerializer);
    }

    private TypeSerializer<UK> userKeySerializer() {
        if (userKeySerializer == null) {
            userKeySerializer = mapSerializer().getKeySerializer().duplicate();
        }
        return userKeySerializer;
    }

    private MapSerializer<UK, UV> mapSerializer() {
        return (MapSerializer<UK, UV>) original.getValueSerializer();
    }
}
