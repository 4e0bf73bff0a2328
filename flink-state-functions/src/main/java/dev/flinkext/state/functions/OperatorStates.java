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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.function.SerializableSupplier;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The operator state of one function, declared as fields and wired to {@link CheckpointedFunction}
 * with two one-line methods:
 *
 * <pre>{@code
 * class CountingMap extends RichMapFunction<String, String> implements CheckpointedFunction {
 *     private final OperatorStates states = new OperatorStates();
 *     private final CheckpointedValue<Long> seen =
 *             states.value("seen", Types.LONG, Redistribution.EVEN_SPLIT, () -> 0L, Long::sum);
 *
 *     public String map(String s) { seen.set(seen.get() + 1); return s; }
 *
 *     public void initializeState(FunctionInitializationContext c) throws Exception {
 *         states.initialize(c);
 *     }
 *
 *     public void snapshotState(FunctionSnapshotContext c) throws Exception {
 *         states.snapshot();
 *     }
 * }
 * }</pre>
 *
 * <p>Every holder registers itself on {@link #initialize}, restores what this instance received,
 * and writes its whole contents on every {@link #snapshot}: the clear-then-add that hand-written
 * {@code CheckpointedFunction}s forget is done here once.
 */
@PublicEvolving
public final class OperatorStates implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<AbstractCheckpointedState<?>> states = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private transient boolean restored;

    /** A value per instance; several restored values are combined by {@code merge} (nullable). */
    public <T> CheckpointedValue<T> value(
            String name,
            TypeInformation<T> type,
            Redistribution redistribution,
            SerializableSupplier<T> initial,
            ReduceFunction<T> merge) {
        return register(new CheckpointedValue<>(name, type, redistribution, initial, merge));
    }

    /** A list per instance. */
    public <T> CheckpointedList<T> list(
            String name, TypeInformation<T> type, Redistribution redistribution) {
        return register(new CheckpointedList<>(name, type, redistribution));
    }

    /** A map per instance; values of a key restored twice are combined by {@code merge}. */
    public <K, V> CheckpointedMap<K, V> map(
            String name,
            TypeInformation<K> keyType,
            TypeInformation<V> valueType,
            Redistribution redistribution,
            ReduceFunction<V> merge) {
        return register(new CheckpointedMap<>(name, keyType, valueType, redistribution, merge));
    }

    /**
     * Registers and restores every state; call from {@link CheckpointedFunction#initializeState}.
     */
    public void initialize(FunctionInitializationContext context) throws Exception {
        restored = context.isRestored();
        for (AbstractCheckpointedState<?> state : states) {
            state.initialize(context.getOperatorStateStore(), restored);
        }
    }

    /** Writes every state; call from {@link CheckpointedFunction#snapshotState}. */
    public void snapshot() throws Exception {
        for (AbstractCheckpointedState<?> state : states) {
            state.snapshot();
        }
    }

    /** Whether the last {@link #initialize} restored from a checkpoint or savepoint. */
    public boolean isRestored() {
        return restored;
    }

    private <S extends AbstractCheckpointedState<?>> S register(S state) {
        if (!names.add(state.name())) {
            throw new IllegalArgumentException(
                    "Operator state '"
                            + state.name()
                            + "' is declared twice in one function; give each state its own name.");
        }
        states.add(state);
        return state;
    }
}
