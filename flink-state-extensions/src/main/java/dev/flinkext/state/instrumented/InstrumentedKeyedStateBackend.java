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
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.SnapshotType;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.KeyGroupedInternalPriorityQueue;
import org.apache.flink.runtime.state.Keyed;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateFunction;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.PriorityComparable;
import org.apache.flink.runtime.state.SavepointResources;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.StateSnapshotTransformer.StateSnapshotTransformFactory;
import org.apache.flink.runtime.state.heap.HeapPriorityQueueElement;
import org.apache.flink.runtime.state.internal.InternalAggregatingState;
import org.apache.flink.runtime.state.internal.InternalListState;
import org.apache.flink.runtime.state.internal.InternalMapState;
import org.apache.flink.runtime.state.internal.InternalReducingState;
import org.apache.flink.runtime.state.internal.InternalValueState;

import javax.annotation.Nonnull;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

/**
 * A keyed state backend that wraps the state objects of another one (heap or RocksDB) so that every
 * access is reported to per-state metrics, and forwards everything else to it.
 *
 * <p>It is itself an {@link AbstractKeyedStateBackend} built with the copy constructor (through
 * {@link KeyedStateBackendAdapter}, which holds what differs between Flink lines), so it shares the
 * wrapped backend's key context, state cache and key-selection listeners: Flink's own TTL and
 * latency-tracking wrappers apply on top of it as usual, and the changelog backend (which casts the
 * keyed backend it wraps to {@code AbstractKeyedStateBackend}) can wrap it in turn.
 *
 * @param <K> the key type
 */
@Internal
public class InstrumentedKeyedStateBackend<K> extends KeyedStateBackendAdapter<K> {

    private final AbstractKeyedStateBackend<K> inner;
    private final StateMetricSettings settings;
    private final MetricGroup group;
    private final EntryTracker entryTracker;
    private final Map<String, StateMetrics> metricsByState = new ConcurrentHashMap<>();

    /**
     * @param inner the backend that holds the state
     * @param settings what to measure
     * @param operatorGroup the operator's metric group
     * @param entryTracker how to count the entries of a state of {@code inner}, or null
     */
    InstrumentedKeyedStateBackend(
            AbstractKeyedStateBackend<K> inner,
            StateMetricSettings settings,
            MetricGroup operatorGroup,
            EntryTracker entryTracker) {
        super(inner);
        this.inner = inner;
        this.settings = settings;
        this.group = operatorGroup.addGroup(StateMetrics.GROUP);
        this.entryTracker = entryTracker;
        if (entryTracker != null && settings.enabled()) {
            entryTracker.attach(this);
        }
    }

    /** The wrapped backend. */
    public AbstractKeyedStateBackend<K> inner() {
        return inner;
    }

    /** The metrics of every state created so far, by state name. */
    public Map<String, StateMetrics> stateMetrics() {
        return metricsByState;
    }

    /** What tracks the wrapped backend's entries and sizes, or null. */
    public EntryTracker entryTracker() {
        return entryTracker;
    }

    /** The metric group that holds the per-state groups. */
    public MetricGroup metricGroup() {
        return group;
    }

    @Nonnull
    @Override
    public <N, SV, SEV, S extends State, IS extends S> IS createOrUpdateInternalState(
            @Nonnull TypeSerializer<N> namespaceSerializer,
            @Nonnull StateDescriptor<S, SV> stateDesc,
            @Nonnull StateSnapshotTransformFactory<SEV> snapshotTransformFactory)
            throws Exception {
        IS state =
                inner.createOrUpdateInternalState(
                        namespaceSerializer, stateDesc, snapshotTransformFactory);
        return instrument(stateDesc, state);
    }

    @Nonnull
    @Override
    public <N, SV, SEV, S extends State, IS extends S> IS createOrUpdateInternalState(
            @Nonnull TypeSerializer<N> namespaceSerializer,
            @Nonnull StateDescriptor<S, SV> stateDesc,
            @Nonnull StateSnapshotTransformFactory<SEV> snapshotTransformFactory,
            boolean allowFutureMetadataUpdates)
            throws Exception {
        IS state =
                inner.createOrUpdateInternalState(
                        namespaceSerializer,
                        stateDesc,
                        snapshotTransformFactory,
                        allowFutureMetadataUpdates);
        return instrument(stateDesc, state);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <S extends State, IS extends S> IS instrument(StateDescriptor<S, ?> desc, IS state) {
        if (!settings.enabled() || state instanceof AbstractInstrumentedState) {
            return state;
        }
        String name = desc.getName();
        MetricGroup stateGroup = group.addGroup("state", name);
        StateMetrics metrics =
                metricsByState.computeIfAbsent(
                        name, n -> new StateMetrics(n, settings, stateGroup));
        AbstractInstrumentedState wrapped;
        switch (desc.getType()) {
            case VALUE:
                wrapped =
                        new InstrumentedValueState<>(
                                (InternalValueState) state, metrics, getKeyContext());
                break;
            case LIST:
                wrapped =
                        new InstrumentedListState<>(
                                (InternalListState) state, metrics, getKeyContext());
                break;
            case REDUCING:
                wrapped =
                        new InstrumentedReducingState<>(
                                (InternalReducingState) state, metrics, getKeyContext());
                break;
            case AGGREGATING:
                wrapped =
                        new InstrumentedAggregatingState<>(
                                (InternalAggregatingState) state, metrics, getKeyContext());
                break;
            case MAP:
                wrapped =
                        new InstrumentedMapState<>(
                                (InternalMapState) state, metrics, getKeyContext());
                break;
            default:
                return state;
        }
        if (entryTracker != null) {
            entryTracker.track(wrapped, metrics, stateGroup);
        }
        return (IS) wrapped;
    }

    // ---- everything else is the wrapped backend's ----

    @Override
    public void setCurrentKey(K newKey) {
        inner.setCurrentKey(newKey);
    }

    @Override
    public void setCurrentKeyGroupIndex(int currentKeyGroupIndex) {
        inner.setCurrentKeyGroupIndex(currentKeyGroupIndex);
    }

    @Nonnull
    @Override
    public <T extends HeapPriorityQueueElement & PriorityComparable<? super T> & Keyed<?>>
            KeyGroupedInternalPriorityQueue<T> create(
                    @Nonnull String stateName,
                    @Nonnull TypeSerializer<T> byteOrderedElementSerializer) {
        return inner.create(stateName, byteOrderedElementSerializer);
    }

    @Override
    public <T extends HeapPriorityQueueElement & PriorityComparable<? super T> & Keyed<?>>
            KeyGroupedInternalPriorityQueue<T> create(
                    @Nonnull String stateName,
                    @Nonnull TypeSerializer<T> byteOrderedElementSerializer,
                    boolean allowFutureMetadataUpdates) {
        return inner.create(stateName, byteOrderedElementSerializer, allowFutureMetadataUpdates);
    }

    /**
     * Runs the wrapped backend's own iteration (the heap backend copies the keys first, so that the
     * function may modify the state), with states created through this backend, so instrumented.
     */
    @Override
    public <N, S extends State, T> void applyToAllKeys(
            N namespace,
            TypeSerializer<N> namespaceSerializer,
            StateDescriptor<S, T> stateDescriptor,
            KeyedStateFunction<K, S> function,
            PartitionStateFactory partitionStateFactory)
            throws Exception {
        inner.applyToAllKeys(
                namespace, namespaceSerializer, stateDescriptor, function, partitionStateFactory);
    }

    @Override
    public <N> Stream<K> getKeys(String state, N namespace) {
        return inner.getKeys(state, namespace);
    }

    @Override
    public <N> Stream<K> getKeys(List<String> states, N namespace) {
        return inner.getKeys(states, namespace);
    }

    @Override
    public <N> Stream<Tuple2<K, N>> getKeysAndNamespaces(String state) {
        return inner.getKeysAndNamespaces(state);
    }

    @Nonnull
    @Override
    public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
            long checkpointId,
            long timestamp,
            @Nonnull CheckpointStreamFactory streamFactory,
            @Nonnull CheckpointOptions checkpointOptions)
            throws Exception {
        return inner.snapshot(checkpointId, timestamp, streamFactory, checkpointOptions);
    }

    @Nonnull
    @Override
    public SavepointResources<K> savepoint() throws Exception {
        return inner.savepoint();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        inner.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        inner.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void notifyCheckpointSubsumed(long checkpointId) throws Exception {
        inner.notifyCheckpointSubsumed(checkpointId);
    }

    @Override
    public int numKeyValueStateEntries() {
        return inner.numKeyValueStateEntries();
    }

    @Override
    public boolean requiresLegacySynchronousTimerSnapshots(SnapshotType checkpointType) {
        return inner.requiresLegacySynchronousTimerSnapshots(checkpointType);
    }

    @Override
    public boolean isSafeToReuseKVState() {
        return inner.isSafeToReuseKVState();
    }

    @Override
    public KeyedStateBackend<K> getDelegatedKeyedStateBackend(boolean recursive) {
        return recursive ? inner.getDelegatedKeyedStateBackend(true) : inner;
    }

    @Override
    public void dispose() {
        inner.dispose();
        if (entryTracker != null) {
            entryTracker.release(this);
        }
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
