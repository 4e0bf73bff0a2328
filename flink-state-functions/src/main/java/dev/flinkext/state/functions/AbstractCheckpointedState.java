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
package dev.flinkext.state.functions;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Preconditions;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Common part of the operator-state holders: registers one {@link ListState} of parts under a name
 * with a chosen {@link Redistribution}, restores from it, and writes it back on every snapshot.
 *
 * @param <P> the type of one part as stored in Flink's list state
 */
@Internal
public abstract class AbstractCheckpointedState<P> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final TypeInformation<P> partType;
    private final Redistribution redistribution;

    private transient ListState<P> state;

    protected AbstractCheckpointedState(
            String name, TypeInformation<P> partType, Redistribution redistribution) {
        this.name = Preconditions.checkNotNull(name, "name");
        this.partType = Preconditions.checkNotNull(partType, "partType");
        this.redistribution = Preconditions.checkNotNull(redistribution, "redistribution");
    }

    /** The state's name in the operator state store and in checkpoints. */
    public String name() {
        return name;
    }

    public Redistribution redistribution() {
        return redistribution;
    }

    /** Registers the state and, when the job restores, loads the parts this instance received. */
    public void initialize(OperatorStateStore store, boolean restored) throws Exception {
        ListStateDescriptor<P> descriptor = new ListStateDescriptor<>(name, partType);
        try {
            state =
                    redistribution == Redistribution.UNION
                            ? store.getUnionListState(descriptor)
                            : store.getListState(descriptor);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    describe()
                            + " cannot be registered with "
                            + redistribution
                            + " redistribution. A checkpoint keeps the redistribution a state was"
                            + " written with: keep it, or give the state a new name.",
                    e);
        }
        List<P> parts = new ArrayList<>();
        if (restored) {
            Iterable<P> stored = state.get();
            if (stored != null) {
                stored.forEach(parts::add);
            }
        }
        restore(parts);
    }

    /** Writes the current contents as this instance's parts. */
    public void snapshot() throws Exception {
        checkInitialized();
        state.update(parts());
    }

    /** Whether {@link #initialize} has run in this instance. */
    public boolean isInitialized() {
        return state != null;
    }

    /** Takes over the parts this instance received on restore (empty on a fresh start). */
    protected abstract void restore(List<P> parts) throws Exception;

    /** The parts that represent the current contents. */
    protected abstract List<P> parts();

    protected void checkInitialized() {
        if (state == null) {
            throw new IllegalStateException(
                    describe()
                            + " is used before it was initialized. Call initialize(...) on it, or on"
                            + " the OperatorStates that created it, from"
                            + " CheckpointedFunction#initializeState: Flink calls that before open()"
                            + " and before the first record.");
        }
    }

    protected String describe() {
        return getClass().getSimpleName() + " '" + name + "'";
    }
}
