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
import org.apache.flink.util.function.SerializableSupplier;

import java.util.List;

/**
 * One value of operator state per parallel instance, e.g. a count of what this instance did.
 *
 * <p>On restore an instance may receive no value (it is new after scaling out: it starts from the
 * initial value), one, or several (after scaling in, or with {@link Redistribution#UNION}): several
 * are combined with the merge function, and without one the restore fails and says so, rather than
 * silently keeping one of them.
 *
 * @param <T> the value's type
 */
@PublicEvolving
public final class CheckpointedValue<T> extends AbstractCheckpointedState<T> {

    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<T> initial;
    private final ReduceFunction<T> merge;

    private transient T value;

    CheckpointedValue(
            String name,
            TypeInformation<T> type,
            Redistribution redistribution,
            SerializableSupplier<T> initial,
            ReduceFunction<T> merge) {
        super(name, type, redistribution);
        this.initial = initial;
        this.merge = merge;
    }

    public T get() {
        checkInitialized();
        return value;
    }

    public void set(T newValue) {
        checkInitialized();
        value = newValue;
    }

    @Override
    protected void restore(List<T> parts) throws Exception {
        if (parts.isEmpty()) {
            value = initial == null ? null : initial.get();
            return;
        }
        if (parts.size() > 1 && merge == null) {
            throw new IllegalStateException(
                    describe()
                            + " received "
                            + parts.size()
                            + " values on restore ("
                            + (redistribution() == Redistribution.UNION
                                    ? "UNION hands every instance the values of all instances"
                                    : "the job was scaled in")
                            + ") but has no merge function to combine them. Pass one, for example"
                            + " Long::sum for a count or Math::max for a watermark.");
        }
        T merged = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            merged = merge.reduce(merged, parts.get(i));
        }
        value = merged;
    }

    @Override
    protected List<T> parts() {
        return value == null ? List.of() : List.of(value);
    }
}
