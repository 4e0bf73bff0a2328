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
package dev.flinkext.tools.testing;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.List;

/**
 * State types that cross the Flink 1.x → 2.x upgrade badly, for {@link StateZooJob#withKryoStates}:
 * Flink 1.x serializes {@link Holder} (no default constructor) with Kryo 2, and the {@code values}
 * field of the POJO {@link Measure} with Kryo too; Flink 2.x reads the first with Kryo 5 and types
 * the second with its list serializer.
 */
public final class KryoTypes {

    private KryoTypes() {}

    /** A class Flink serializes with Kryo: final fields, no default constructor. */
    public static final class Holder {
        public final String label;
        public final List<Long> recent = new ArrayList<>();

        public Holder(String label) {
            this.label = label;
        }
    }

    /** A POJO with a field declared {@code List<Long>}. */
    public static class Measure {
        public String name;
        public List<Long> values = new ArrayList<>();

        public Measure() {}
    }

    /** The keyed states, updated with every record of a key. */
    static final class States {
        private final ValueState<Holder> value;
        private final ListState<Holder> list;
        private final MapState<Long, Holder> map;
        private final ValueState<Measure> pojo;

        States(RuntimeContext context) {
            TypeInformation<Holder> holder = TypeInformation.of(Holder.class);
            value = context.getState(new ValueStateDescriptor<>("kryo-value", holder));
            list = context.getListState(new ListStateDescriptor<>("kryo-list", holder));
            map = context.getMapState(new MapStateDescriptor<>("kryo-map", Types.LONG, holder));
            pojo =
                    context.getState(
                            new ValueStateDescriptor<>(
                                    "pojo-list", TypeInformation.of(Measure.class)));
        }

        void update(long key, long number) throws Exception {
            Holder held = value.value() == null ? new Holder("key-" + key) : value.value();
            held.recent.add(number);
            if (held.recent.size() > 3) {
                held.recent.remove(0);
            }
            value.update(held);
            Holder one = new Holder("n-" + number);
            one.recent.add(number);
            list.add(one);
            map.put(number % 5, one);
            Measure measure = pojo.value() == null ? new Measure() : pojo.value();
            measure.name = "key-" + key;
            measure.values.add(number);
            pojo.update(measure);
        }
    }
}
