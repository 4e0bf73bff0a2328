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
import org.apache.flink.runtime.state.internal.InternalValueState;

import java.io.IOException;

/** A {@code ValueState} that reports its accesses. */
final class InstrumentedValueState<K, N, T>
        extends AbstractInstrumentedState<K, N, T, InternalValueState<K, N, T>>
        implements InternalValueState<K, N, T> {

    InstrumentedValueState(
            InternalValueState<K, N, T> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public T value() throws IOException {
        if (!metrics.countRead()) {
            return original.value();
        }
        long start = System.nanoTime();
        T result = original.value();
        metrics.record(start, System.nanoTime(), keyBytes(), valueBytes(result));
        return result;
    }

    @Override
    public void update(T value) throws IOException {
        if (!metrics.countWrite()) {
            original.update(value);
            return;
        }
        long start = System.nanoTime();
        original.update(value);
        metrics.record(start, System.nanoTime(), keyBytes(), valueBytes(value));
    }
}
