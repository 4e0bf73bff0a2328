package dev.flinkext.state.metrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.runtime.state.InternalKeyContext;
import org.apache.flink.runtime.state.internal.InternalListState;

import java.util.Collection;
import java.util.List;

/** A {@code ListState} that reports its accesses; the value size is that of one element. */
@Internal
public final class InstrumentedListState<K, N, T>
        extends AbstractInstrumentedState<K, N, List<T>, InternalListState<K, N, T>>
        implements InternalListState<K, N, T> {

    private TypeSerializer<T> elementSerializer;

    public InstrumentedListState(
            InternalListState<K, N, T> original,
            StateMetrics metrics,
            InternalKeyContext<K> keyContext) {
        super(original, metrics, keyContext);
    }

    @Override
    public Iterable<T> get() throws Exception {
        long start = metrics.beginRead();
        Iterable<T> values = original.get();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
        return values;
    }

    @Override
    public void add(T value) throws Exception {
        long start = metrics.beginWrite();
        original.add(value);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), elementBytes(value));
        }
    }

    @Override
    public void update(List<T> values) throws Exception {
        long start = metrics.beginWrite();
        original.update(values);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), firstElementBytes(values));
        }
    }

    @Override
    public void addAll(List<T> values) throws Exception {
        long start = metrics.beginWrite();
        original.addAll(values);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), firstElementBytes(values));
        }
    }

    @Override
    public List<T> getInternal() throws Exception {
        long start = metrics.beginRead();
        List<T> values = original.getInternal();
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
        return values;
    }

    @Override
    public void updateInternal(List<T> values) throws Exception {
        long start = metrics.beginWrite();
        original.updateInternal(values);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), firstElementBytes(values));
        }
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        long start = metrics.beginWrite();
        original.mergeNamespaces(target, sources);
        if (start != StateMetrics.NOT_SAMPLED) {
            metrics.end(start, keyBytes(), -1);
        }
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
