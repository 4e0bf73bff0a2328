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
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;

/**
 * Flink 2.x adapter: what a keyed state backend that forwards to another must implement on this
 * line and not on the other. 2.x's {@code KeyedStateBackend} asks for {@code
 * getBackendTypeIdentifier} (the keyed state store and the State V2 adaptor report it): the wrapper
 * reports its inner backend's, so it passes for the backend it wraps. 2.x also has {@code
 * setCurrentKeyAndKeyGroup}, which Flink's State V2 adaptor ({@code AsyncKeyedStateBackendAdaptor})
 * calls for every record: RocksDB overrides it to serialize the new key for its state accesses, so
 * it must reach the inner backend (inherited, it would only set the shared key context, and RocksDB
 * would read and write under the previous record's key). 1.20's {@code
 * isStateImmutableInStateBackend} is gone here.
 */
@Internal
abstract class KeyedStateBackendAdapter<K> extends AbstractKeyedStateBackend<K> {

    private final AbstractKeyedStateBackend<K> inner;

    KeyedStateBackendAdapter(AbstractKeyedStateBackend<K> inner) {
        super(inner);
        this.inner = inner;
    }

    @Override
    public String getBackendTypeIdentifier() {
        return inner.getBackendTypeIdentifier();
    }

    @Override
    public void setCurrentKeyAndKeyGroup(K newKey, int newKeyGroupIndex) {
        inner.setCurrentKeyAndKeyGroup(newKey, newKeyGroupIndex);
    }
}
