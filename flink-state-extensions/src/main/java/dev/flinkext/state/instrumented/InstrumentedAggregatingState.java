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
import org.apache.flink.runtime.state.internal.InternalAggregatingState;

import java.util.Collection;

/** An {@code AggregatingState} that reports its accesses; the value is the accumulator. */
final class InstrumentedAggregatingState<K, N, IN, ACC, OUT>
        extends AbstractInstrumentedState<K, N, ACC, InternalAggregatingState<K, N, IN, ACC, OUT>>
        implements InternalAggregatingState<K, N, IN, ACC, OUT> {

    InstrumentedAggregatingState(
            InternalAggregatingState<K, N, IN, ACC, OUT> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public OUT get() throws Exception {
        if (!metrics.countRead()) {
            return original.get();
        }
        long start = System.nanoTime();
        OUT result = original.get();
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
        return result;
    }

    @Override
    public void add(IN value) throws Exception {
        if (!metrics.countWrite()) {
            original.add(value);
            return;
        }
        long start = System.nanoTime();
        original.add(value);
        metrics.record(start, System.nanoTime(), keyBytes(), NO_SIZE);
    }

    @Override
    public ACC getInternal() throws Exception {
        if (!metrics.countRead()) {
            return original.getInternal();
        }
        long start = System.nanoTime();
        ACC result = original.getInternal();
        metrics.record(start, System.nanoTime(), keyBytes(), valueBytes(result));
        return result;
    }

    @Override
    public void updateInternal(ACC accumulator) throws Exception {
        if (!metrics.countWrite()) {
            original.updateInternal(accumulator);
            return;
        }
        long start = System.nanoTime();
        original.updateInternal(accumulator);
        metrics.record(start, System.nanoTime(), keyBytes(), valueBytes(accumulator));
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        merge(original, target, sources);
    }
}
