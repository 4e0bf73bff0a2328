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

import org.apache.flink.annotation.PublicEvolving;

/** One input record of the tour: record {@code i} has key {@code i % keys} and value {@code i}. */
@PublicEvolving
public class Event {
    public long key;
    public long value;

    /** For Flink's POJO serializer. */
    public Event() {}

    public Event(long key, long value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public String toString() {
        return "Event{key=" + key + ", value=" + value + '}';
    }
}
