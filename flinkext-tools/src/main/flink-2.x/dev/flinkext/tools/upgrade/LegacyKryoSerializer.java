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

import dev.flinkext.shaded.kryo2.com.esotericsoftware.kryo.Kryo;
import dev.flinkext.shaded.kryo2.com.esotericsoftware.kryo.KryoException;
import dev.flinkext.shaded.kryo2.com.esotericsoftware.kryo.Serializer;
import dev.flinkext.shaded.kryo2.com.esotericsoftware.kryo.io.Input;
import dev.flinkext.shaded.kryo2.com.esotericsoftware.kryo.io.Output;
import dev.flinkext.shaded.kryo2.com.esotericsoftware.kryo.serializers.CollectionSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.ArraysAsListSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.BitSetSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.InetSocketAddressSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.LocaleSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.RegexSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.SimpleDateFormatSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.SqlDateSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.SqlTimeSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.TimestampSerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.URISerializer;
import dev.flinkext.shaded.kryo2.com.twitter.chill.java.UUIDSerializer;
import dev.flinkext.shaded.kryo2.org.objenesis.strategy.StdInstantiatorStrategy;
import dev.flinkext.tools.common.BadInputException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.DataInputViewStream;
import org.apache.flink.api.java.typeutils.runtime.DataOutputViewStream;
import org.apache.flink.api.java.typeutils.runtime.KryoRegistration;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.Serializers;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Flink 2.x only. A value's bytes as Flink 1.x's {@code KryoSerializer} reads and writes them: Kryo
 * 2.24 (relocated, from {@code flinkext-kryo2}) set up as Flink 1.20 sets it up for a Java job,
 * from the registrations a state's {@code KryoSerializerSnapshot} recorded. Flink 2.x restores that
 * snapshot to a Kryo 5 serializer, which reads the same bytes differently (docs/migration.md); this
 * one reads them as the Flink that wrote them did.
 *
 * <p>The set-up, as in Flink 1.20 ({@code KryoSerializer#checkKryoInitialized}): the instantiator
 * strategy with Objenesis' fallback; the serializers of Flink's {@code FlinkChillPackageRegistrar}
 * at IDs 73 to 84 (Twitter chill's, as Flink 1.20 used them); references on; Throwables through
 * Java serialization; the recorded registrations from ID 85, applied as {@code
 * KryoUtils#applyRegistrations} does; registration not required. A Scala job's Kryo (Twitter
 * chill's Scala instantiator, IDs 10 to 72) is not reproduced: its Scala classes are not read.
 */
@Internal
final class LegacyKryoSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The first ID of Flink 1.20's own registrations ({@code FlinkChillPackageRegistrar}). */
    private static final int FLINK_REGISTRATIONS = 73;

    /** The first ID of a state's recorded registrations. */
    private static final int RECORDED_REGISTRATIONS = 85;

    /** Flink 1.x's serializer for Avro's array class, when flink-avro was on the classpath. */
    private static final String AVRO_ARRAY_SERIALIZER =
            "org.apache.flink.api.java.typeutils.runtime.kryo.Serializers"
                    + "$SpecificInstanceCollectionSerializerForArrayList";

    /** The array a {@link DataInputDeserializer} reads from. */
    private static final java.lang.reflect.Field IN_MEMORY_BUFFER = inMemoryBuffer();

    private final Class<T> type;
    private final LinkedHashMap<String, KryoRegistration> registrations;
    private final ClassLoader classLoader;
    private transient Kryo kryo;

    private LegacyKryoSerializer(
            Class<T> type,
            LinkedHashMap<String, KryoRegistration> registrations,
            ClassLoader classLoader) {
        this.type = type;
        this.registrations = registrations;
        this.classLoader = classLoader;
    }

    /**
     * The Flink 1.x reading of what {@code flink2} (the Kryo 5 serializer Flink 2.x restored from
     * the same snapshot) would read.
     *
     * @throws BadInputException when the snapshot holds what Flink 1.x's Kryo set-up cannot be
     *     rebuilt from here: a serializer the job registered for a class, or a default serializer
     *     (Kryo 2 classes of the job's own)
     */
    @SuppressWarnings("unchecked")
    static <T> LegacyKryoSerializer<T> of(KryoSerializer<T> flink2, ClassLoader classLoader)
            throws BadInputException {
        Class<T> type = (Class<T>) read(flink2, "type");
        Map<?, ?> defaults = (Map<?, ?>) read(flink2, "defaultSerializers");
        Map<?, ?> defaultClasses = (Map<?, ?>) read(flink2, "defaultSerializerClasses");
        if (!defaults.isEmpty() || !defaultClasses.isEmpty()) {
            throw new BadInputException(
                    "the Kryo type "
                            + type.getName()
                            + " was written with default Kryo serializers of the job's own ("
                            + defaults.keySet()
                            + defaultClasses.keySet()
                            + "): they are Kryo 2 code, which Flink 2.x cannot run, and are not"
                            + " converted");
        }
        LinkedHashMap<String, KryoRegistration> registrations =
                (LinkedHashMap<String, KryoRegistration>) read(flink2, "kryoRegistrations");
        for (KryoRegistration registration : registrations.values()) {
            if (registration.getSerializerDefinitionType()
                            != KryoRegistration.SerializerDefinitionType.UNSPECIFIED
                    && !isFlinksOwn(registration)) {
                throw new BadInputException(
                        "the Kryo type "
                                + type.getName()
                                + " was written with a Kryo serializer the job registered for "
                                + registration.getRegisteredClass().getName()
                                + " ("
                                + describe(registration)
                                + "): a Kryo 2 serializer cannot run on Flink 2.x, and its bytes"
                                + " are not converted; migrate this state on Flink 1.20 with the"
                                + " State Processor API");
            }
        }
        return new LegacyKryoSerializer<>(type, registrations, classLoader);
    }

    /** Flink's own registrations for Avro's array class (a dummy when Avro is absent). */
    private static boolean isFlinksOwn(KryoRegistration registration) {
        return registration.getRegisteredClass() == Serializers.DummyAvroRegisteredClass.class
                || (registration.getSerializerDefinitionType()
                                == KryoRegistration.SerializerDefinitionType.CLASS
                        && registration
                                .getSerializerClass()
                                .getName()
                                .equals(AVRO_ARRAY_SERIALIZER));
    }

    private static String describe(KryoRegistration registration) {
        return registration.getSerializerDefinitionType()
                        == KryoRegistration.SerializerDefinitionType.CLASS
                ? registration.getSerializerClass().getName()
                : "a serializer instance";
    }

    private static java.lang.reflect.Field inMemoryBuffer() {
        try {
            java.lang.reflect.Field buffer = DataInputDeserializer.class.getDeclaredField("buffer");
            buffer.setAccessible(true);
            return buffer;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DataInputDeserializer has no buffer field", e);
        }
    }

    private static Object read(KryoSerializer<?> serializer, String field) {
        return SerializerTrees.field(KryoSerializer.class, serializer, field);
    }

    Class<T> type() {
        return type;
    }

    private Kryo kryo() {
        if (kryo == null) {
            Kryo k = new Kryo();
            Kryo.DefaultInstantiatorStrategy instantiators = new Kryo.DefaultInstantiatorStrategy();
            instantiators.setFallbackInstantiatorStrategy(new StdInstantiatorStrategy());
            k.setInstantiatorStrategy(instantiators);
            int id = FLINK_REGISTRATIONS;
            k.register(Arrays.asList("").getClass(), new ArraysAsListSerializer(), id++);
            k.register(BitSet.class, new BitSetSerializer(), id++);
            k.register(PriorityQueue.class, new PriorityQueues(), id++);
            k.register(Pattern.class, new RegexSerializer(), id++);
            k.register(Date.class, new SqlDateSerializer(), id++);
            k.register(Time.class, new SqlTimeSerializer(), id++);
            k.register(Timestamp.class, new TimestampSerializer(), id++);
            k.register(URI.class, new URISerializer(), id++);
            k.register(InetSocketAddress.class, new InetSocketAddressSerializer(), id++);
            k.register(UUID.class, new UUIDSerializer(), id++);
            k.register(Locale.class, new LocaleSerializer(), id++);
            k.register(SimpleDateFormat.class, new SimpleDateFormatSerializer(), id);
            k.setReferences(true);
            k.addDefaultSerializer(Throwable.class, new JavaSerialization());
            int next = RECORDED_REGISTRATIONS;
            for (KryoRegistration registration : registrations.values()) {
                Serializer<?> serializer = serializerOf(registration);
                if (serializer != null) {
                    k.register(registration.getRegisteredClass(), serializer, next);
                } else {
                    k.register(registration.getRegisteredClass(), next);
                }
                // As Flink's KryoUtils: an ID Kryo did not take is given to the next class.
                if (k.getRegistration(next) != null) {
                    next++;
                }
            }
            k.setRegistrationRequired(false);
            k.setClassLoader(classLoader);
            kryo = k;
        }
        return kryo;
    }

    private static Serializer<?> serializerOf(KryoRegistration registration) {
        if (registration.getRegisteredClass() == Serializers.DummyAvroRegisteredClass.class) {
            return new Unreadable(
                    "Flink's placeholder for Avro's array class (Avro was not on the classpath)");
        }
        if (registration.getSerializerDefinitionType()
                == KryoRegistration.SerializerDefinitionType.CLASS) {
            return new ArrayListCollection();
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return new LegacyKryoSerializer<>(type, registrations, classLoader);
    }

    @Override
    public T createInstance() {
        throw new UnsupportedOperationException("only reads and writes Flink 1.x's bytes");
    }

    @Override
    public T copy(T from) {
        throw new UnsupportedOperationException("only reads and writes Flink 1.x's bytes");
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        Output output = new Output(new DataOutputViewStream(target));
        try {
            kryo().writeClassAndObject(output, record);
            output.flush();
        } catch (KryoException e) {
            throw new IOException("Kryo 2 could not write a " + type.getName(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInputView source) throws IOException {
        try {
            if (source instanceof DataInputDeserializer) {
                // Bytes in memory (every entry of a canonical savepoint): Kryo reads them in
                // place, and the view skips what it read.
                DataInputDeserializer bytes = (DataInputDeserializer) source;
                byte[] buffer = (byte[]) IN_MEMORY_BUFFER.get(bytes);
                int start = bytes.getPosition();
                Input input = new Input(buffer, start, start + bytes.available());
                T value = (T) kryo().readClassAndObject(input);
                bytes.skipBytesToRead(input.position() - start);
                return value;
            }
            return (T) kryo().readClassAndObject(new ExactInput(new DataInputViewStream(source)));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (KryoException e) {
            throw new IOException(
                    "Flink 1.x's Kryo could not read a " + type.getName() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof LegacyKryoSerializer
                && ((LegacyKryoSerializer<?>) obj).type == type
                && ((LegacyKryoSerializer<?>) obj).registrations.equals(registrations);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        throw new UnsupportedOperationException(
                "Flink 1.x's Kryo reads old bytes only; its snapshot stays the state's own");
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Throwables, as Flink 1.x's own {@code JavaSerializer}: Java serialization over the Kryo
     * stream, one object stream per graph, classes resolved in the job's class loader.
     */
    private static final class JavaSerialization extends Serializer<Object> {

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            try {
                ObjectOutputStream out = (ObjectOutputStream) kryo.getGraphContext().get(this);
                if (out == null) {
                    out = new ObjectOutputStream(output);
                    kryo.getGraphContext().put(this, out);
                }
                out.writeObject(object);
                out.flush();
            } catch (IOException e) {
                throw new KryoException("Error during Java serialization.", e);
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<Object> type) {
            try {
                ObjectInputStream in = (ObjectInputStream) kryo.getGraphContext().get(this);
                if (in == null) {
                    in = new ClassLoaderObjectInput(input, kryo.getClassLoader());
                    kryo.getGraphContext().put(this, in);
                }
                return in.readObject();
            } catch (IOException | ClassNotFoundException e) {
                throw new KryoException("Error during Java deserialization.", e);
            }
        }
    }

    private static final class ClassLoaderObjectInput extends ObjectInputStream {
        private final ClassLoader classLoader;

        ClassLoaderObjectInput(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc)
                throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }

    /**
     * Priority queues as Flink 1.x's own {@code PriorityQueueSerializer} writes them: the
     * comparator, the size, the elements, each with its class.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class PriorityQueues extends Serializer<PriorityQueue> {

        @Override
        public void write(Kryo kryo, Output output, PriorityQueue queue) {
            kryo.writeClassAndObject(output, queue.comparator());
            output.writeInt(queue.size(), true);
            for (Object element : queue) {
                kryo.writeClassAndObject(output, element);
            }
            output.flush();
        }

        @Override
        public PriorityQueue read(Kryo kryo, Input input, Class<PriorityQueue> type) {
            java.util.Comparator comparator = (java.util.Comparator) kryo.readClassAndObject(input);
            int size = input.readInt(true);
            PriorityQueue queue = new PriorityQueue(Math.max(size, 1), comparator);
            kryo.reference(queue);
            for (int i = 0; i < size; i++) {
                queue.add(kryo.readClassAndObject(input));
            }
            return queue;
        }
    }

    /** Flink's serializer for Avro's array class: a collection read back as an ArrayList. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class ArrayListCollection extends CollectionSerializer {
        @Override
        protected Collection create(Kryo kryo, Input input, Class<Collection> type) {
            return new ArrayList();
        }
    }

    /** A registration whose class never holds data (Flink's Avro placeholder). */
    private static final class Unreadable extends Serializer<Object> {
        private final String what;

        Unreadable(String what) {
            this.what = what;
        }

        @Override
        public void write(Kryo kryo, Output output, Object object) {
            throw new KryoException("cannot write " + what);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<Object> type) {
            throw new KryoException("cannot read " + what);
        }
    }
}
