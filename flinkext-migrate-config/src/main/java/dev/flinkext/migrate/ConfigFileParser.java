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
import org.apache.flink.configuration.GlobalConfiguration;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a configuration file the way Flink 1.20's {@code GlobalConfiguration} does, but refuses
 * what Flink would skip or override silently: a line that is not a key-value pair, a key set twice,
 * a key without a value, a file that is not YAML.
 *
 * <p>Standard YAML is read with the YAML library and schema Flink's {@code YamlParserUtils} uses
 * (snakeyaml-engine, YAML 1.2 core schema), flattened as Flink flattens it. Comments are matched to
 * keys by line: the comment lines above a key belong to it, and a comment above a parent mapping
 * belongs to the first key inside it.
 */
@Internal
public final class ConfigFileParser {

    private ConfigFileParser() {}

    /**
     * The format Flink would read {@code fileName} with: {@code flink-conf.yaml} with the legacy
     * parser, {@code config.yaml} with the YAML parser (as {@code GlobalConfiguration} decides by
     * name). Other names: standard YAML if a key line is indented (nested) or the file uses YAML
     * syntax the flat format does not have, else legacy.
     */
    public static Format formatOf(String fileName, String text) {
        if (fileName.equals(GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME)) {
            return Format.LEGACY;
        }
        if (fileName.equals(GlobalConfiguration.FLINK_CONF_FILENAME)) {
            return Format.STANDARD;
        }
        for (String line : text.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))
                    || trimmed.startsWith("-")
                    || trimmed.startsWith("{")
                    || trimmed.endsWith(":")) {
                return Format.STANDARD;
            }
        }
        return Format.LEGACY;
    }

    /** Parses {@code text} in {@code format}. */
    public static ConfigFile parse(String text, Format format) throws ConfigFileException {
        return format == Format.LEGACY ? parseLegacy(text) : parseStandard(text);
    }

    // ---- legacy flat format ---------------------------------------------------------------

    private static ConfigFile parseLegacy(String text) throws ConfigFileException {
        String[] lines = text.split("\\R", -1);
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> pending = new ArrayList<>();
        List<String> header = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (i == lines.length - 1 && line.isEmpty()) {
                break; // the newline that ends the file
            }
            // As GlobalConfiguration.loadLegacyYAMLResource: a '#' anywhere starts a comment.
            String[] comment = line.split("#", 2);
            String conf = comment[0].trim();
            if (conf.isEmpty()) {
                pending.add(comment.length > 1 ? line.strip() : "");
                continue;
            }
            String[] kv = conf.split(": ", 2);
            if (kv.length == 1 || kv[0].trim().isEmpty() || kv[1].trim().isEmpty()) {
                throw new ConfigFileException(
                        lineNo,
                        "'"
                                + conf
                                + "' is not a 'key: value' pair"
                                + (conf.endsWith(":")
                                        ? " (a key without a value, or nested YAML: Flink reads a"
                                                + " file named flink-conf.yaml with its flat legacy"
                                                + " parser; rename it config.yaml or pass"
                                                + " --input-format standard)"
                                        : " (missing space after ':'?)")
                                + "; Flink 1.20 would skip this line with only a warning");
            }
            String key = kv[0].trim();
            Integer first = seen.putIfAbsent(key, lineNo);
            if (first != null) {
                throw duplicate(key, first, lineNo);
            }
            if (header == null) {
                header = headerOf(pending);
            }
            String value = kv[1].trim();
            entries.add(
                    new Entry(
                            key,
                            TemplateValue.hasPlaceholder(value) ? new TemplateValue(value) : value,
                            lineNo,
                            List.copyOf(pending),
                            // Nested, a flat file's comments go above the mappings a key opens.
                            pending.size(),
                            comment.length > 1 ? "#" + comment[1] : null));
            pending.clear();
        }
        return finish(header, entries, pending, Format.LEGACY);
    }

    /** Splits off the comment block at the top that a blank line separates from the first key. */
    private static List<String> headerOf(List<String> pending) {
        int lastBlank = pending.lastIndexOf("");
        if (lastBlank < 0) {
            return List.of();
        }
        List<String> header = List.copyOf(pending.subList(0, lastBlank + 1));
        pending.subList(0, lastBlank + 1).clear();
        return header;
    }

    private static ConfigFile finish(
            @Nullable List<String> header,
            List<Entry> entries,
            List<String> trailer,
            Format format) {
        if (header == null) {
            // No key at all: everything is header.
            header = List.copyOf(trailer);
            trailer = List.of();
        }
        return new ConfigFile(format, header, List.copyOf(entries), List.copyOf(trailer));
    }

    private static ConfigFileException duplicate(String key, int first, int again) {
        return new ConfigFileException(
                again,
                "key "
                        + key
                        + " is set again (first at line "
                        + first
                        + "); Flink would use one of the two silently. Keep one.");
    }

    // ---- standard YAML --------------------------------------------------------------------

    private static ConfigFile parseStandard(String text) throws ConfigFileException {
        LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).build();
        Optional<Node> root;
        try {
            // An unquoted {{ … }} of a template would read as a nested mapping.
            root = new Compose(settings).composeString(TemplateValue.masked(text));
        } catch (MarkedYamlEngineException e) {
            throw notYaml(e);
        } catch (YamlEngineException e) {
            throw new ConfigFileException(0, "not YAML: " + e.getMessage());
        }
        String[] lines = text.split("\\R", -1);
        StandardReader reader = new StandardReader(text, lines, settings);
        List<String> leftover = List.of();
        if (root.isPresent()) {
            if (!(root.get() instanceof MappingNode)) {
                throw new ConfigFileException(
                        lineOf(root.get()),
                        "not a Flink configuration: the top level of the YAML document is not a"
                                + " mapping of keys to values");
            }
            leftover = reader.readMapping((MappingNode) root.get(), "", new ArrayList<>());
        }
        List<String> trailer = new ArrayList<>(leftover);
        trailer.addAll(reader.commentsBefore(lines.length));
        return finish(reader.header, reader.entries, trailer, Format.STANDARD);
    }

    private static ConfigFileException notYaml(MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
        String problem = e.getProblem();
        String context = e.getContext();
        return new ConfigFileException(
                mark.map(m -> m.getLine() + 1).orElse(0),
                "not YAML: "
                        + (context == null ? "" : context + ", ")
                        + problem
                        + mark.map(m -> " (column " + (m.getColumn() + 1) + ")").orElse(""));
    }

    private static int lineOf(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** Walks the composed YAML, flattening keys and collecting comments by line. */
    private static final class StandardReader {
        private final String text;
        private final String[] lines;
        private final LoadSettings settings;
        private final boolean[] claimed;
        private final List<Entry> entries = new ArrayList<>();
        private final Map<String, Integer> seen = new HashMap<>();
        private List<String> header;

        StandardReader(String text, String[] lines, LoadSettings settings) {
            this.text = text;
            this.lines = lines;
            this.settings = settings;
            this.claimed = new boolean[lines.length + 1];
        }

        /** Reads a mapping; returns comments that no key inside it took (an empty mapping's). */
        List<String> readMapping(MappingNode mapping, String prefix, List<String> inherited)
                throws ConfigFileException {
            List<String> pending = inherited;
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Node valueNode = tuple.getValueNode();
                if (!(keyNode instanceof ScalarNode)) {
                    throw new ConfigFileException(
                            lineOf(keyNode), "a key that is not a plain value (a list or a map)");
                }
                int keyLine = lineOf(keyNode);
                List<String> comments = new ArrayList<>(pending);
                List<String> own = commentsBefore(keyLine - 1);
                pending = new ArrayList<>();
                if (header == null) {
                    if (comments.isEmpty()) {
                        header = headerOf(own);
                    } else {
                        header = headerOf(comments);
                    }
                }
                int inheritedCount = comments.size();
                comments.addAll(own);
                String key = prefix + construct(keyNode);
                if (valueNode instanceof MappingNode) {
                    String inline = inlineComment(keyNode);
                    if (inline != null) {
                        comments.add(inline);
                    }
                    pending = readMapping((MappingNode) valueNode, key + ".", comments);
                    continue;
                }
                String source = sourceOf(valueNode);
                Object value =
                        TemplateValue.hasPlaceholder(source)
                                ? new TemplateValue(source)
                                : construct(valueNode);
                if (value == null) {
                    throw new ConfigFileException(
                            keyLine,
                            "key "
                                    + key
                                    + " has no value; Flink fails to load a config.yaml with a key"
                                    + " without a value");
                }
                if (value instanceof Map) {
                    throw new ConfigFileException(
                            keyLine, "key " + key + ": a map value Flink cannot read");
                }
                Integer first = seen.putIfAbsent(key, keyLine);
                if (first != null) {
                    throw duplicate(key, first, keyLine);
                }
                claimValueLines(valueNode);
                entries.add(
                        new Entry(
                                key,
                                value,
                                keyLine,
                                List.copyOf(comments),
                                inheritedCount,
                                inlineComment(valueNode)));
            }
            return pending;
        }

        private Object construct(Node node) throws ConfigFileException {
            try {
                return new StandardConstructor(settings).constructSingleDocument(Optional.of(node));
            } catch (MarkedYamlEngineException e) {
                throw notYaml(e);
            } catch (YamlEngineException e) {
                throw new ConfigFileException(lineOf(node), "not YAML: " + e.getMessage());
            }
        }

        /** A value as written in the file, from the parser's marks (code point positions). */
        private String sourceOf(Node node) {
            Optional<Mark> start = node.getStartMark();
            Optional<Mark> end = node.getEndMark();
            if (start.isEmpty() || end.isEmpty()) {
                return "";
            }
            return text.substring(
                    text.offsetByCodePoints(0, start.get().getIndex()),
                    text.offsetByCodePoints(0, end.get().getIndex()));
        }

        /** Marks the lines a value spans (a block list, a literal text) as not comment lines. */
        private void claimValueLines(Node valueNode) {
            int start = valueNode.getStartMark().map(Mark::getLine).orElse(0);
            int end = valueNode.getEndMark().map(Mark::getLine).orElse(start);
            for (int i = start; i <= end && i < claimed.length; i++) {
                claimed[i] = true;
            }
        }

        /**
         * The comment and blank lines directly above 0-based line {@code line} that no key has
         * taken yet, in file order.
         */
        List<String> commentsBefore(int line) {
            List<String> block = new ArrayList<>();
            for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
                if (claimed[i]) {
                    break;
                }
                String trimmed = lines[i].strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    break;
                }
                if (i == lines.length - 1 && trimmed.isEmpty()) {
                    continue; // the newline that ends the file
                }
                block.add(0, trimmed);
                claimed[i] = true;
            }
            return block;
        }

        /** The {@code # …} after a node on its last line, or null. */
        @Nullable
        private String inlineComment(Node node) {
            Optional<Mark> end = node.getEndMark();
            if (end.isEmpty() || end.get().getLine() >= lines.length) {
                return null;
            }
            String line = lines[end.get().getLine()];
            int column = end.get().getColumn();
            if (column == 0 || column > line.length()) {
                return null;
            }
            String rest = line.substring(column).strip();
            if (rest.startsWith(":")) {
                rest = rest.substring(1).strip(); // after a key: "key:  # comment"
            }
            return rest.startsWith("#") ? rest : null;
        }
    }
}
