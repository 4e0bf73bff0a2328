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
package dev.flinkext.state.functions.broadcast;

import org.apache.flink.annotation.Internal;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/** A snapshot of the rules that refuses writes with a message that says where rules change. */
@Internal
final class ReadOnlyRulesMap<ID, R> extends AbstractMap<ID, R> {

    private final String name;
    private final Map<ID, R> rules;

    ReadOnlyRulesMap(String name, Map<ID, R> rules) {
        this.name = name;
        this.rules = rules;
    }

    @Override
    public Set<Entry<ID, R>> entrySet() {
        return Collections.unmodifiableMap(rules).entrySet();
    }

    @Override
    public R get(Object key) {
        return rules.get(key);
    }

    @Override
    public R put(ID key, R value) {
        throw refused();
    }

    @Override
    public R remove(Object key) {
        throw refused();
    }

    @Override
    public void clear() {
        throw refused();
    }

    @Override
    public void putAll(Map<? extends ID, ? extends R> m) {
        throw refused();
    }

    private UnsupportedOperationException refused() {
        return new UnsupportedOperationException(
                "Broadcast state '"
                        + name
                        + "' is read-only on the event side: a write here would change one"
                        + " parallel instance only, and the instances would disagree. Rules change"
                        + " only through the rule stream; send the change there.");
    }
}
