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
package dev.flinkext.examples.tour;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dev.flinkext.examples.tour.KryoShapesJob.KEYS;

/**
 * The state types of {@link KryoShapesJob}: two that Flink serializes with Kryo (no default
 * constructor, final fields: a {@code GenericTypeInfo}) and two POJOs whose list field Flink 1.20
 * serializes with Kryo. Every list is an {@code ArrayList}, which both Kryo versions can create.
 */
final class KryoShapeTypes {

    private KryoShapeTypes() {}

    /**
     * A value: a label and a list of numbers. Its lists start with a number below 64 (a key), one
     * byte in Kryo's varint: where Kryo 5 misreads a list, what it reads next (and whether that
     * throws) is then the same whatever numbers the savepoint holds, so each run gets the same
     * result.
     */
    static final class Bag {
        final String label;
        final List<Long> numbers;

        Bag(String label, List<Long> numbers) {
            this.label = label;
            this.numbers = new ArrayList<>(numbers);
        }

        /** The bag a number leaves in list, map and operator states: its key and itself. */
        static Bag of(long number) {
            return new Bag("number-" + number, List.of(number % KEYS, number));
        }

        /** The bag of a key that counted {@code count} numbers (below 64) in broadcast state. */
        static Bag counted(long key, long count) {
            return new Bag("key-" + key, List.of(key, count));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bag
                    && label.equals(((Bag) other).label)
                    && numbers.equals(((Bag) other).numbers);
        }

        @Override
        public int hashCode() {
            return Objects.hash(label, numbers);
        }

        @Override
        public String toString() {
            return "Bag[" + label + ", " + numbers + "]";
        }
    }

    /** A key: a name and a list, equal and hashed by both. */
    static final class KryoKey {
        final String name;
        final List<Long> tags;

        KryoKey(String name, List<Long> tags) {
            this.name = name;
            this.tags = new ArrayList<>(tags);
        }

        /** The key of {@code number}: that of {@code number % KEYS}. */
        static KryoKey of(long number) {
            long key = number % KEYS;
            return new KryoKey("key-" + key, List.of(key, key * key));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof KryoKey
                    && name.equals(((KryoKey) other).name)
                    && tags.equals(((KryoKey) other).tags);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, tags);
        }

        @Override
        public String toString() {
            return "KryoKey[" + name + ", " + tags + "]";
        }
    }

    /**
     * A POJO whose {@code recent} field is declared {@code List<Long>}: Flink 1.20 serializes the
     * field with Kryo, Flink 2.x with its {@code ListSerializer} (FLIP-398).
     */
    public static class ListPojo {
        public String label;
        public List<Long> recent;
        public long count;

        public ListPojo() {}

        @Override
        public boolean equals(Object other) {
            return other instanceof ListPojo
                    && Objects.equals(label, ((ListPojo) other).label)
                    && Objects.equals(recent, ((ListPojo) other).recent)
                    && count == ((ListPojo) other).count;
        }

        @Override
        public int hashCode() {
            return Objects.hash(label, recent, count);
        }

        @Override
        public String toString() {
            return "ListPojo[" + label + ", " + recent + ", " + count + "]";
        }
    }

    /**
     * A POJO whose {@code recent} field is declared {@code ArrayList<Long>}: Flink serializes the
     * field with Kryo on both lines.
     */
    public static class ArrayListPojo {
        public String label;
        public ArrayList<Long> recent;
        public long count;

        public ArrayListPojo() {}

        @Override
        public boolean equals(Object other) {
            return other instanceof ArrayListPojo
                    && Objects.equals(label, ((ArrayListPojo) other).label)
                    && Objects.equals(recent, ((ArrayListPojo) other).recent)
                    && count == ((ArrayListPojo) other).count;
        }

        @Override
        public int hashCode() {
            return Objects.hash(label, recent, count);
        }

        @Override
        public String toString() {
            return "ArrayListPojo[" + label + ", " + recent + ", " + count + "]";
        }
    }
}
