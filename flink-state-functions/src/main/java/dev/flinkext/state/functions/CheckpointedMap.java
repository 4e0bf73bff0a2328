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
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A map of operator state per parallel instance, stored as one list element per entry, so that
 * {@link Redistribution#EVEN_SPLIT} deals out entries (e.g. offsets per partition) and {@link
 * Redistribution#UNION} gives every instance all of them.
 *
 * <p>When two restored entries have the same key (several instances kept the key, and either the
 * job was scaled in or the state is a union), the merge function combines their values; without one
 * the restore fails and names the key.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@PublicEvolving
public final class CheckpointedMap<K, V> extends AbstractCheckpointedState<Tuple2<K, V>> {

    private static final long serialVersionUID = 1L;

    private final ReduceFunction<V> merge;

    private transient Map<K, V> entries;

    CheckpointedMap(
            String name,
            TypeInformation<K> keyType,
            TypeInformation<V> valueType,
            Redistribution redistribution,
            ReduceFunction<V> merge) {
        super(name, new TupleTypeInfo<>(keyType, valueType), redistribution);
        this.merge = merge;
    }

    /** The live map: changes to it are what the next checkpoint writes. */
    public Map<K, V> get() {
        checkInitialized();
        return entries;
    }

    @Override
    protected void restore(List<Tuple2<K, V>> parts) throws Exception {
        entries = new HashMap<>();
        for (Tuple2<K, V> part : parts) {
            V previous = entries.get(part.f0);
            if (previous == null) {
                entries.put(part.f0, part.f1);
            } else if (merge != null) {
                entries.put(part.f0, merge.reduce(previous, part.f1));
            } else {
                throw new IllegalStateException(
                        describe()
                                + " received key '"
                                + part.f0
                                + "' more than once on restore, with "
                                + redistribution()
                                + " redistribution, and has no merge function to combine the"
                                + " values. Pass one, or keep each key in one instance only and use"
                                + " EVEN_SPLIT.");
            }
        }
    }

    @Override
    protected List<Tuple2<K, V>> parts() {
        List<Tuple2<K, V>> parts = new ArrayList<>(entries.size());
        entries.forEach((k, v) -> parts.add(Tuple2.of(k, v)));
        return parts;
    }
}
