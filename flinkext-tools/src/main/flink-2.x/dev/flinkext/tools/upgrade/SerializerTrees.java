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

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Flink 2.x only. The serializer trees of one state part (key, namespace, value) across the
 * upgrade. Flink 2.x restores a Flink 1.x serializer snapshot to a tree of its own serializers; two
 * rewrites of such a tree give what the upgrade needs:
 *
 * <ul>
 *   <li>{@link #legacy}: every {@link KryoSerializer} node replaced by a {@link
 *       LegacyKryoSerializer}, so the tree reads the bytes as Flink 1.x wrote them;
 *   <li>{@link #flink2}: every POJO field that Flink 1.x gave to Kryo and Flink 2.x's own type
 *       extraction types otherwise (FLIP-398: a field declared {@code List<Long>} becomes a {@code
 *       ListSerializer}) takes Flink 2.x's serializer, so the tree writes what a Flink 2.x job
 *       registers for the same class.
 * </ul>
 *
 * <p>Nested serializers are found the one way every composite serializer holds them, as fields of
 * type {@link TypeSerializer} or {@code TypeSerializer[]} ({@code PojoSerializer}'s fields, {@code
 * ListSerializer}'s element, {@code MapSerializer}'s key and value, {@code NullableSerializer},
 * tuples, rows, timers, ...): one mechanism for all, instead of one case per serializer class. A
 * tree is rewritten in place; callers hand in a tree restored for them.
 */
@Internal
final class SerializerTrees {

    private SerializerTrees() {}

    /** {@code tree} (restored by Flink 2.x) reading as Flink 1.x wrote it. */
    static TypeSerializer<?> legacy(TypeSerializer<?> tree, ClassLoader classLoader)
            throws BadInputException {
        try {
            return rewrite(
                    tree,
                    node ->
                            node instanceof KryoSerializer
                                    ? LegacyKryoSerializer.of((KryoSerializer<?>) node, classLoader)
                                    : node,
                    Collections.newSetFromMap(new IdentityHashMap<>()));
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code tree} (restored by Flink 2.x) with the POJO fields Flink 2.x types anew. */
    static TypeSerializer<?> flink2(TypeSerializer<?> tree) {
        try {
            return rewrite(
                    tree,
                    node -> {
                        if (node instanceof PojoSerializer) {
                            retypeFields((PojoSerializer<?>) node);
                        }
                        return node;
                    },
                    Collections.newSetFromMap(new IdentityHashMap<>()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether any node of {@code tree} is Flink's Kryo serializer. */
    static boolean usesKryo(TypeSerializer<?> tree) {
        List<TypeSerializer<?>> nodes = new ArrayList<>();
        collect(tree, nodes, Collections.newSetFromMap(new IdentityHashMap<>()));
        return nodes.stream().anyMatch(node -> node instanceof KryoSerializer);
    }

    /**
     * The tree in one line: each serializer's simple name, Kryo's and POJOs' with their class, and
     * nested serializers in parentheses, e.g. {@code Pojo<Order>(Long, Kryo<ArrayList>)}.
     */
    static String describe(TypeSerializer<?> tree) {
        StringBuilder out = new StringBuilder();
        describe(tree, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------

    private interface NodeRule {
        TypeSerializer<?> apply(TypeSerializer<?> node) throws Exception;
    }

    private static TypeSerializer<?> rewrite(
            TypeSerializer<?> node, NodeRule rule, Set<Object> seen) throws Exception {
        TypeSerializer<?> replaced = rule.apply(node);
        if (replaced != node || !seen.add(node)) {
            return replaced;
        }
        for (Field field : nestedFields(node.getClass())) {
            Object value = field.get(node);
            if (value instanceof TypeSerializer) {
                TypeSerializer<?> child = rewrite((TypeSerializer<?>) value, rule, seen);
                if (child != value) {
                    field.set(node, child);
                }
            } else if (value instanceof TypeSerializer[]) {
                TypeSerializer<?>[] children = (TypeSerializer<?>[]) value;
                for (int i = 0; i < children.length; i++) {
                    if (children[i] != null) {
                        children[i] = rewrite(children[i], rule, seen);
                    }
                }
            }
        }
        return node;
    }

    private static void collect(
            TypeSerializer<?> node, List<TypeSerializer<?>> nodes, Set<Object> seen) {
        if (!seen.add(node)) {
            return;
        }
        nodes.add(node);
        for (TypeSerializer<?> child : children(node)) {
            collect(child, nodes, seen);
        }
    }

    private static List<TypeSerializer<?>> children(TypeSerializer<?> node) {
        List<TypeSerializer<?>> children = new ArrayList<>();
        try {
            for (Field field : nestedFields(node.getClass())) {
                Object value = field.get(node);
                if (value instanceof TypeSerializer) {
                    children.add((TypeSerializer<?>) value);
                } else if (value instanceof TypeSerializer[]) {
                    for (TypeSerializer<?> child : (TypeSerializer<?>[]) value) {
                        if (child != null) {
                            children.add(child);
                        }
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return children;
    }

    /** The instance fields of {@code type} and its superclasses that can hold serializers. */
    private static List<Field> nestedFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Class<?> fieldType = field.getType();
                if (TypeSerializer.class.isAssignableFrom(fieldType)
                        || fieldType == TypeSerializer[].class) {
                    field.setAccessible(true);
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static void describe(TypeSerializer<?> node, StringBuilder out, Set<Object> seen) {
        String name = node.getClass().getSimpleName().replaceFirst("Serializer$", "");
        out.append(name.isEmpty() ? node.getClass().getName() : name);
        if (node instanceof KryoSerializer) {
            out.append('<').append(kryoType((KryoSerializer<?>) node).getSimpleName()).append('>');
        } else if (node instanceof LegacyKryoSerializer) {
            out.append('<')
                    .append(((LegacyKryoSerializer<?>) node).type().getSimpleName())
                    .append('>');
        } else if (node instanceof PojoSerializer) {
            out.append('<').append(pojoType((PojoSerializer<?>) node).getSimpleName()).append('>');
        }
        if (!seen.add(node)) {
            return;
        }
        List<TypeSerializer<?>> children = children(node);
        if (!children.isEmpty()) {
            out.append('(');
            for (int i = 0; i < children.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                describe(children.get(i), out, seen);
            }
            out.append(')');
        }
    }

    /**
     * Gives each field of {@code pojo} that is Kryo-serialized the serializer Flink 2.x's type
     * extraction gives it, when that is no longer Kryo.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void retypeFields(PojoSerializer<?> pojo) throws Exception {
        TypeInformation<?> info;
        try {
            info = TypeExtractor.createTypeInfo(pojoType(pojo));
        } catch (RuntimeException e) {
            return;
        }
        if (!(info instanceof PojoTypeInfo)) {
            return;
        }
        PojoTypeInfo<?> pojoInfo = (PojoTypeInfo<?>) info;
        Field[] fields = (Field[]) field(PojoSerializer.class, pojo, "fields");
        TypeSerializer[] serializers =
                (TypeSerializer[]) field(PojoSerializer.class, pojo, "fieldSerializers");
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == null || !(serializers[i] instanceof KryoSerializer)) {
                continue;
            }
            int index = pojoInfo.getFieldIndex(fields[i].getName());
            if (index < 0) {
                continue;
            }
            TypeSerializer<?> typed =
                    pojoInfo.getTypeAt(index).createSerializer(new SerializerConfigImpl());
            if (!(typed instanceof KryoSerializer)) {
                serializers[i] = typed;
            }
        }
    }

    /**
     * What Flink 2.x's own compatibility resolution says of {@code recorded} when a Flink 2.x job
     * registers {@code target} for the same {@code part}: a reason when incompatible, else null.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static String incompatibility(
            String part, TypeSerializer<?> target, TypeSerializerSnapshot<?> recorded) {
        TypeSerializerSchemaCompatibility<?> compatibility =
                ((TypeSerializerSnapshot) target.snapshotConfiguration())
                        .resolveSchemaCompatibility((TypeSerializerSnapshot) recorded);
        return compatibility.isIncompatible()
                ? "Flink 2.x resolves the "
                        + part
                        + " serializer it registers ("
                        + describe(target)
                        + ") INCOMPATIBLE with the recorded "
                        + describe(recorded.restoreSerializer())
                        + ", so the restore fails"
                : null;
    }

    static Class<?> kryoType(KryoSerializer<?> kryo) {
        return (Class<?>) field(KryoSerializer.class, kryo, "type");
    }

    static Class<?> pojoType(PojoSerializer<?> pojo) {
        return (Class<?>) field(PojoSerializer.class, pojo, "clazz");
    }

    /**
     * A private field of one of Flink's serializers: what a serializer was built with is not public
     * API, and the upgrade needs it (the type, the Kryo registrations, the POJO fields).
     */
    static Object field(Class<?> owner, Object serializer, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(serializer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    owner.getName() + " has no field " + name + " in this Flink 2.x", e);
        }
    }
}
