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
import org.apache.flink.runtime.checkpoint.CheckpointType;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;

/**
 * Flink 1.20 adapter: what a keyed state backend that forwards to another must implement on this
 * line and not on the other. 1.20's {@code KeyedStateBackend} has {@code
 * isStateImmutableInStateBackend}, which 2.x removed; 2.x asks for {@code getBackendTypeIdentifier}
 * instead (see the 2.x version of this class).
 */
@Internal
abstract class KeyedStateBackendAdapter<K> extends AbstractKeyedStateBackend<K> {

    private final AbstractKeyedStateBackend<K> inner;

    KeyedStateBackendAdapter(AbstractKeyedStateBackend<K> inner) {
        super(inner);
        this.inner = inner;
    }

    @Override
    public boolean isStateImmutableInStateBackend(CheckpointType checkpointOptions) {
        return inner.isStateImmutableInStateBackend(checkpointOptions);
    }
}
