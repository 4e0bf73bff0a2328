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

import dev.flinkext.migrate.ConfigFile.Entry;
import dev.flinkext.migrate.ConfigFile.Format;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.YamlParserUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link ConfigFile} as standard YAML, which Flink 1.19+ reads from {@code config.yaml}
 * and Flink 2.x reads only.
 *
 * <p>Each value is written so that Flink's YAML parser gives back what Flink read from the
 * original: a legacy value stays a plain scalar when YAML reads the same text back, and is quoted
 * otherwise (e.g. a value that would read as a number with another spelling, or as a list).
 * Comments go where they were: above their key, or after its value.
 */
@Internal
public final class ConfigFileWriter {

    /** How the keys are laid out. */
    public enum Style {
        /** One {@code a.b.c: value} line per key, in file order (Flink reads dotted keys too). */
        FLAT,
        /** Nested mappings, as Flink's own {@code config.yaml} is written. */
        NESTED
    }

    private static final String INDENT = "  ";

    private ConfigFileWriter() {}

    /** The style that keeps a file closest to how it was written. */
    public static Style defaultStyle(Format format) {
        return format == Format.LEGACY ? Style.FLAT : Style.NESTED;
    }

    /** {@code file} as standard YAML. */
    public static String write(ConfigFile file, Style style) {
        List<String> out = new ArrayList<>(file.header());
        boolean legacy = file.format() == Format.LEGACY;
        if (style == Style.FLAT) {
            for (Entry entry : file.entries()) {
                out.addAll(entry.comments());
                out.add(line("", key(entry.key()), entry, legacy));
            }
        } else {
            Branch root = new Branch();
            for (Entry entry : file.entries()) {
                root.insert(entry);
            }
            root.emit("", out, legacy, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        out.addAll(file.trailer());
        return String.join("\n", out) + "\n";
    }

    /** A value as YAML text that Flink's parser reads back as what Flink read before. */
    static String yamlValue(Object value, boolean legacy) {
        if (value instanceof TemplateValue) {
            // The template engine writes the value; what it writes is not known here.
            return ((TemplateValue) value).source();
        }
        if (value instanceof String) {
            String text = (String) value;
            return readsBackAs(text, legacy) ? text : YamlParserUtils.toYAMLString(text);
        }
        return YamlParserUtils.toYAMLString(value);
    }

    private static boolean readsBackAs(String text, boolean legacy) {
        if (text.isEmpty() || !text.equals(text.strip()) || text.contains("\n")) {
            return false;
        }
        try {
            Object parsed = YamlParserUtils.convertToObject(text, Object.class);
            if (parsed == null) {
                return false;
            }
            // A legacy value is a string to Flink, which converts it for the option's type; a
            // plain YAML scalar whose text is the same converts the same way (true, 6123, 0.5).
            // A standard-YAML string stays a string, so a quoted '6123' stays quoted.
            return legacy
                    ? !(parsed instanceof List || parsed instanceof Map)
                            && ConfigFile.textOf(parsed).equals(text)
                    : parsed.equals(text);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String key(String key) {
        return readsBackAs(key, false) && !key.contains(": ")
                ? key
                : YamlParserUtils.toYAMLString(key);
    }

    private static String line(String indent, String key, Entry entry, boolean legacy) {
        return indent
                + key
                + ": "
                + yamlValue(entry.value(), legacy)
                + (entry.inlineComment() == null ? "" : " " + entry.inlineComment());
    }

    private static List<String> indented(String indent, List<String> comments) {
        List<String> lines = new ArrayList<>();
        for (String comment : comments) {
            lines.add(comment.isEmpty() ? "" : indent + comment);
        }
        return lines;
    }

    /**
     * A mapping in the nested layout. A key that cannot nest because a shorter key holds a value
     * where it would branch ({@code state.backend: x} beside {@code state.backend.type: y}) is
     * written as a dotted key at the top level, which Flink reads the same.
     */
    private static final class Branch {
        private final Map<String, Object> children = new LinkedHashMap<>();
        private Entry firstLeaf;

        void insert(Entry entry) {
            String[] segments = entry.key().split("\\.", -1);
            for (String segment : segments) {
                if (segment.isEmpty()) {
                    putLeaf(entry.key(), entry);
                    return;
                }
            }
            Branch node = this;
            List<Branch> path = new ArrayList<>();
            for (int i = 0; i < segments.length - 1; i++) {
                Object child = node.children.get(segments[i]);
                if (child instanceof Entry) {
                    putLeaf(entry.key(), entry);
                    return;
                }
                if (child == null) {
                    child = new Branch();
                    node.children.put(segments[i], child);
                }
                path.add(node);
                node = (Branch) child;
            }
            String last = segments[segments.length - 1];
            if (node.children.containsKey(last)) {
                putLeaf(entry.key(), entry);
                return;
            }
            node.children.put(last, entry);
            path.add(node);
            for (Branch branch : path) {
                if (branch.firstLeaf == null) {
                    branch.firstLeaf = entry;
                }
            }
        }

        private void putLeaf(String flatKey, Entry entry) {
            children.put(flatKey, entry);
            if (firstLeaf == null) {
                firstLeaf = entry;
            }
        }

        void emit(String indent, List<String> out, boolean legacy, Set<Entry> written) {
            for (Map.Entry<String, Object> child : children.entrySet()) {
                if (child.getValue() instanceof Entry) {
                    Entry entry = (Entry) child.getValue();
                    out.addAll(
                            indented(
                                    indent,
                                    written.contains(entry)
                                            ? entry.ownComments()
                                            : entry.comments()));
                    out.add(line(indent, key(child.getKey()), entry, legacy));
                } else {
                    Branch branch = (Branch) child.getValue();
                    // Comments that stood above a mapping go above the mapping that now opens the
                    // first key inside; the key's own comments stay with the key.
                    if (branch.firstLeaf != null && written.add(branch.firstLeaf)) {
                        out.addAll(indented(indent, branch.firstLeaf.inheritedComments()));
                    }
                    out.add(indent + key(child.getKey()) + ":");
                    branch.emit(indent + INDENT, out, legacy, written);
                }
            }
        }
    }
}
