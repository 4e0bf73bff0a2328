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
import org.apache.flink.api.common.typeutils.base.MapSerializer;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalMapState;

import java.util.Iterator;
import java.util.Map;

/**
 * A {@code MapState} that reports its accesses; the key size includes the user key, the value size
 * is that of one user value. Iterating counts as one read.
 */
final class InstrumentedMapState<K, N, UK, UV>
        extends AbstractInstrumentedState<K, N, Map<UK, UV>, InternalMapState<K, N, UK, UV>>
        implements InternalMapState<K, N, UK, UV> {

    private TypeSerializer<UK> userKeySerializer;
    private TypeSerializer<UV> userValueSerializer;

    InstrumentedMapState(
            InternalMapState<K, N, UK, UV> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public UV get(UK key) throws Exception {
        return metrics.countRead()
                ? sampledRead(() -> keyBytes(key), () -> original.get(key), this::userValueBytes)
                : original.get(key);
    }

    @Override
    public void put(UK key, UV value) throws Exception {
        if (metrics.countWrite()) {
            sampledWrite(
                    () -> keyBytes(key),
                    () -> original.put(key, value),
                    () -> userValueBytes(value));
        } else {
            original.put(key, value);
        }
    }

    @Override
    public void putAll(Map<UK, UV> map) throws Exception {
        if (metrics.countWrite()) {
            sampledWrite(() -> original.putAll(map), NO_VALUE);
        } else {
            original.putAll(map);
        }
    }

    @Override
    public void remove(UK key) throws Exception {
        if (metrics.countWrite()) {
            sampledWrite(() -> keyBytes(key), () -> original.remove(key), NO_VALUE);
        } else {
            original.remove(key);
        }
    }

    @Override
    public boolean contains(UK key) throws Exception {
        return metrics.countRead()
                ? sampledRead(() -> keyBytes(key), () -> original.contains(key), NO_RESULT)
                : original.contains(key);
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() throws Exception {
        return metrics.countRead() ? sampledRead(original::entries, NO_RESULT) : original.entries();
    }

    @Override
    public Iterable<UK> keys() throws Exception {
        return metrics.countRead() ? sampledRead(original::keys, NO_RESULT) : original.keys();
    }

    @Override
    public Iterable<UV> values() throws Exception {
        return metrics.countRead() ? sampledRead(original::values, NO_RESULT) : original.values();
    }

    @Override
    public Iterator<Map.Entry<UK, UV>> iterator() throws Exception {
        return metrics.countRead()
                ? sampledRead(original::iterator, NO_RESULT)
                : original.iterator();
    }

    @Override
    public boolean isEmpty() throws Exception {
        return metrics.countRead() ? sampledRead(original::isEmpty, NO_RESULT) : original.isEmpty();
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
