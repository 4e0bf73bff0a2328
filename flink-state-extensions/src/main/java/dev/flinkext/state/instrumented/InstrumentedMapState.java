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
        if (!metrics.countRead()) {
            return original.get(key);
        }
        long start = System.nanoTime();
        UV result = original.get(key);
        metrics.record(start, System.nanoTime(), keyBytes(key), userValueBytes(result));
        return result;
    }

    @Override
    public void put(UK key, UV value) throws Exception {
        if (!metrics.countWrite()) {
            original.put(key, value);
            return;
        }
        long start = System.nanoTime();
        original.put(key, value);
        metrics.record(start, System.nanoTime(), keyBytes(key), userValueBytes(value));
    }

    @Override
    public void putAll(Map<UK, UV> map) throws Exception {
        if (!metrics.countWrite()) {
            original.putAll(map);
            return;
        }
        long start = System.nanoTime();
        original.putAll(map);
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
    }

    @Override
    public void remove(UK key) throws Exception {
        if (!metrics.countWrite()) {
            original.remove(key);
            return;
        }
        long start = System.nanoTime();
        original.remove(key);
        metrics.record(start, System.nanoTime(), keyBytes(key), NO_SIZE);
    }

    @Override
    public boolean contains(UK key) throws Exception {
        if (!metrics.countRead()) {
            return original.contains(key);
        }
        long start = System.nanoTime();
        boolean result = original.contains(key);
        metrics.record(start, System.nanoTime(), keyBytes(key), NO_SIZE);
        return result;
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() throws Exception {
        if (!metrics.countRead()) {
            return original.entries();
        }
        long start = System.nanoTime();
        Iterable<Map.Entry<UK, UV>> result = original.entries();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
        return result;
    }

    @Override
    public Iterable<UK> keys() throws Exception {
        if (!metrics.countRead()) {
            return original.keys();
        }
        long start = System.nanoTime();
        Iterable<UK> result = original.keys();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
        return result;
    }

    @Override
    public Iterable<UV> values() throws Exception {
        if (!metrics.countRead()) {
            return original.values();
        }
        long start = System.nanoTime();
        Iterable<UV> result = original.values();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
        return result;
    }

    @Override
    public Iterator<Map.Entry<UK, UV>> iterator() throws Exception {
        if (!metrics.countRead()) {
            return original.iterator();
        }
        long start = System.nanoTime();
        Iterator<Map.Entry<UK, UV>> result = original.iterator();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
        return result;
    }

    @Override
    public boolean isEmpty() throws Exception {
        if (!metrics.countRead()) {
            return original.isEmpty();
        }
        long start = System.nanoTime();
        boolean result = original.isEmpty();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
        return result;
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
