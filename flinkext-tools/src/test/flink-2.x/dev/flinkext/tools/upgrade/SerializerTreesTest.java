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
package dev.flinkext.tools.upgrade;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.testing.KryoTypes;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.MapSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rewrites of serializer trees that {@code flinkext upgrade} reads and writes with. */
class SerializerTreesTest {

    private static final ClassLoader CLASSES = SerializerTreesTest.class.getClassLoader();

    @Test
    void legacyReplacesEveryKryoNodeAndKeepsTheRest() throws Exception {
        TypeSerializer<?> kryo = kryo(KryoTypes.Holder.class);
        TypeSerializer<?> tree =
                new MapSerializer<>(LongSerializer.INSTANCE, new ListSerializer<>(kryo));
        TypeSerializer<?> legacy = SerializerTrees.legacy(tree.duplicate(), CLASSES);
        assertThat(SerializerTrees.describe(tree)).isEqualTo("Map(Long, List(Kryo<Holder>))");
        assertThat(SerializerTrees.describe(legacy))
                .isEqualTo("Map(Long, List(LegacyKryo<Holder>))");
        assertThat(SerializerTrees.usesKryo(tree)).isTrue();
        assertThat(SerializerTrees.usesKryo(legacy)).isFalse();
    }

    @Test
    void legacyKryoWritesWhatItReadsAndKryo5ReadsItDifferently() throws Exception {
        KryoTypes.Holder holder = holder();
        LegacyKryoSerializer<KryoTypes.Holder> legacy =
                LegacyKryoSerializer.of(kryo(KryoTypes.Holder.class), CLASSES);
        DataOutputSerializer out = new DataOutputSerializer(64);
        legacy.serialize(holder, out);
        byte[] kryo2 = out.getCopyOfBuffer();
        DataInputDeserializer in = new DataInputDeserializer(kryo2);
        KryoTypes.Holder back = legacy.deserialize(in);
        assertThat(in.available()).isZero();
        assertThat(back.label).isEqualTo(holder.label);
        assertThat(back.recent).isEqualTo(holder.recent);

        // Flink 2.x's own Kryo 5 on the same bytes: not the same list, or not to the end.
        DataInputDeserializer kryo5In = new DataInputDeserializer(kryo2);
        KryoTypes.Holder kryo5 = kryo(KryoTypes.Holder.class).deserialize(kryo5In);
        assertThat(kryo5.recent.equals(holder.recent) && kryo5In.available() == 0).isFalse();
    }

    @Test
    void flink2RetypesAPojosListFieldAsFlink2sTypeExtractionDoes() {
        PojoSerializer<?> pojo = pojoAsFlink1WroteIt();
        assertThat(SerializerTrees.describe(pojo)).isEqualTo("Pojo<Measure>(String, Kryo<List>)");
        TypeSerializer<?> flink2 = SerializerTrees.flink2(pojo);
        assertThat(SerializerTrees.describe(flink2))
                .isEqualTo("Pojo<Measure>(String, Nullable(List(Nullable(Long))))");
    }

    @Test
    void aKryoSerializerTheJobRegisteredIsRefusedByName() {
        Configuration conf = new Configuration();
        conf.set(
                PipelineOptions.SERIALIZATION_CONFIG,
                List.of(
                        "dev.flinkext.tools.testing.KryoTypes$Holder: {type: kryo,"
                                + " kryo-type: registered, class:"
                                + " com.esotericsoftware.kryo.serializers.JavaSerializer}"));
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.configure(conf, CLASSES);
        KryoSerializer<KryoTypes.Holder> registered =
                new KryoSerializer<>(KryoTypes.Holder.class, config);
        assertThatThrownBy(() -> LegacyKryoSerializer.of(registered, CLASSES))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("KryoTypes$Holder")
                .hasMessageContaining("JavaSerializer")
                .hasMessageContaining("State Processor API");
    }

    private static PojoSerializer<?> pojoAsFlink1WroteIt() {
        PojoSerializer<?> pojo =
                (PojoSerializer<?>)
                        TypeInformation.of(KryoTypes.Measure.class)
                                .createSerializer(new SerializerConfigImpl());
        // What Flink 1.x built: the List<Long> field with Kryo.
        TypeSerializer<?>[] fields =
                (TypeSerializer<?>[])
                        SerializerTrees.field(PojoSerializer.class, pojo, "fieldSerializers");
        java.lang.reflect.Field[] declared =
                (java.lang.reflect.Field[])
                        SerializerTrees.field(PojoSerializer.class, pojo, "fields");
        for (int i = 0; i < declared.length; i++) {
            if (declared[i].getName().equals("values")) {
                fields[i] = kryo(List.class);
            }
        }
        return pojo;
    }

    private static KryoTypes.Holder holder() {
        KryoTypes.Holder holder = new KryoTypes.Holder("key-7");
        holder.recent.addAll(new ArrayList<>(List.of(7L, 27L, 47L)));
        return holder;
    }

    private static <T> KryoSerializer<T> kryo(Class<T> type) {
        return new KryoSerializer<>(type, new SerializerConfigImpl());
    }
}
