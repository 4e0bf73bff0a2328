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
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of operator state per parallel instance, kept as a plain in-memory list between
 * checkpoints and written whole on every snapshot.
 *
 * <p>With {@link Redistribution#EVEN_SPLIT} the elements of all instances are dealt out on restore,
 * each to exactly one instance; with {@link Redistribution#UNION} every instance gets all of them.
 *
 * @param <T> the element type
 */
@PublicEvolving
public final class CheckpointedList<T> extends AbstractCheckpointedState<T> {

    private static final long serialVersionUID = 1L;

    private transient List<T> elements;

    CheckpointedList(String name, TypeInformation<T> type, Redistribution redistribution) {
        super(name, type, redistribution);
    }

    /** The live list: changes to it are what the next checkpoint writes. */
    public List<T> get() {
        checkInitialized();
        return elements;
    }

    public void add(T element) {
        get().add(element);
    }

    /** Takes all elements out, leaving the list empty. */
    public List<T> drain() {
        List<T> drained = get();
        elements = new ArrayList<>();
        return drained;
    }

    @Override
    protected void restore(List<T> parts) {
        elements = parts;
    }

    @Override
    protected List<T> parts() {
        return elements;
    }
}
