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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules as the event side sees them: read-only. Only the rule stream changes them, the same way
 * on every parallel instance, which is what keeps every instance's rules identical, also after a
 * restore.
 *
 * @param <ID> the rules' id type
 * @param <R> the rules' type
 */
@PublicEvolving
public final class Rules<ID, R> {

    private final String name;
    private final ReadOnlyBroadcastState<ID, R> state;

    Rules(String name, ReadOnlyBroadcastState<ID, R> state) {
        this.name = name;
        this.state = state;
    }

    /** The rule with this id, or null. */
    public R get(ID id) throws Exception {
        return state.get(id);
    }

    public boolean contains(ID id) throws Exception {
        return state.contains(id);
    }

    /** All rules, in no particular order; a copy. */
    public List<R> all() throws Exception {
        List<R> rules = new ArrayList<>();
        for (Map.Entry<ID, R> entry : state.immutableEntries()) {
            rules.add(entry.getValue());
        }
        return rules;
    }

    /** A read-only map view; writing to it fails and says why. */
    public Map<ID, R> asMap() throws Exception {
        Map<ID, R> copy = new HashMap<>();
        for (Map.Entry<ID, R> entry : state.immutableEntries()) {
            copy.put(entry.getKey(), entry.getValue());
        }
        return new ReadOnlyRulesMap<>(name, copy);
    }
}
