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
package dev.flinkext.migrate;

import dev.flinkext.migrate.OptionCatalog.Definition;
import dev.flinkext.migrate.OptionCatalog.Fallback;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one Flink line's option definitions say about a key, derived from an {@link OptionCatalog}
 * and nothing else.
 *
 * <ul>
 *   <li>A key is <b>current</b> when an option that is not {@code @Deprecated} has it as its key.
 *   <li>A key that is not current is <b>renamed</b> to the key of every current option that lists
 *       it as a deprecated fallback key ({@code withDeprecatedKeys}); there may be several, e.g.
 *       {@code state.backend.local-recovery}. When no current option lists it, the deprecated
 *       options that do are its replacements (themselves deprecated).
 *   <li>A key that is neither current nor renamed, but is the key of a deprecated option, is
 *       <b>deprecated without replacement</b>.
 *   <li>A key no option reads is <b>unknown</b> to this catalog.
 * </ul>
 *
 * <p>Fallback keys that are not deprecated ({@code withFallbackKeys}) are never renames: e.g.
 * {@code execution.checkpointing.local-backup.enabled} falls back to the live {@code
 * execution.state-recovery.from-local}.
 */
@Internal
public final class RenameTable {

    private final OptionCatalog catalog;
    private final Set<String> current = new HashSet<>();
    private final Map<String, List<Definition>> byKey = new LinkedHashMap<>();
    private final Map<String, List<Definition>> readers = new LinkedHashMap<>();
    private final Map<String, List<Definition>> replacements = new TreeMap<>();

    private RenameTable(OptionCatalog catalog) {
        this.catalog = catalog;
        for (Definition d : catalog.definitions()) {
            if (!d.deprecated()) {
                current.add(d.key());
            }
            byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
            for (String key : d.readOrder()) {
                readers.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, List<Definition>> byDeprecated = new TreeMap<>();
        Map<String, List<Definition>> byDeprecatedOfDeprecated = new TreeMap<>();
        for (Definition d : catalog.definitions()) {
            for (Fallback f : d.fallbacks()) {
                if (!f.deprecated() || current.contains(f.key())) {
                    continue;
                }
                var target = d.deprecated() ? byDeprecatedOfDeprecated : byDeprecated;
                List<Definition> list = target.computeIfAbsent(f.key(), k -> new ArrayList<>());
                if (list.stream().noneMatch(x -> x.key().equals(d.key()))) {
                    list.add(d);
                }
            }
        }
        replacements.putAll(byDeprecated);
        byDeprecatedOfDeprecated.forEach(
                (key, list) -> {
                    if (!byDeprecated.containsKey(key) && !byKey.containsKey(key)) {
                        replacements.put(key, list);
                    }
                });
    }

    /** The table of {@code catalog}. */
    public static RenameTable of(OptionCatalog catalog) {
        return new RenameTable(catalog);
    }

    /** The catalog this table was derived from. */
    public OptionCatalog catalog() {
        return catalog;
    }

    /** Whether a current option has {@code key} as its key. */
    public boolean isCurrent(String key) {
        return current.contains(key);
    }

    /** Whether any option of this catalog reads {@code key}, as its key or a fallback key. */
    public boolean isKnown(String key) {
        return readers.containsKey(key);
    }

    /**
     * The options {@code key} was renamed to (current ones, or deprecated ones when no current
     * option lists it), in catalog order; empty when {@code key} is current or not renamed.
     */
    public List<Definition> replacementsOf(String key) {
        return replacements.getOrDefault(key, List.of());
    }

    /** The deprecated option whose key {@code key} is, when it has no replacement. */
    public Optional<Definition> deprecatedWithoutReplacement(String key) {
        if (current.contains(key) || replacements.containsKey(key)) {
            return Optional.empty();
        }
        return byKey.getOrDefault(key, List.of()).stream()
                .filter(Definition::deprecated)
                .findFirst();
    }

    /** The current options that read {@code key}, as their key or as any fallback key. */
    public List<Definition> currentReadersOf(String key) {
        List<Definition> result = new ArrayList<>();
        for (Definition d : readers.getOrDefault(key, List.of())) {
            if (!d.deprecated()) {
                result.add(d);
            }
        }
        return result;
    }

    /** Every option that has {@code key} as its key, current ones first. */
    public List<Definition> definitionsOf(String key) {
        List<Definition> result = new ArrayList<>(byKey.getOrDefault(key, List.of()));
        result.sort((a, b) -> Boolean.compare(a.deprecated(), b.deprecated()));
        return result;
    }

    /** Old key to new keys, for every rename: the derived table itself. */
    public Map<String, List<String>> renames() {
        Map<String, List<String>> renames = new TreeMap<>();
        replacements.forEach(
                (key, list) -> {
                    List<String> keys = new ArrayList<>();
                    list.forEach(d -> keys.add(d.key()));
                    renames.put(key, Collections.unmodifiableList(keys));
                });
        return Collections.unmodifiableMap(renames);
    }
}
