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

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.YamlParserUtils;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * A Flink configuration file as migrate-config sees it: the keys in file order, each with its value
 * as Flink reads it and the comments around it, flattened the way Flink flattens nested YAML
 * ({@code a: {b: 1}} is {@code a.b: 1}).
 *
 * @param format which of Flink's two parsers reads the file
 * @param header comment lines at the top of the file, before a blank line
 * @param entries the keys, in file order
 * @param trailer comment lines after the last key
 */
@Internal
public record ConfigFile(
        ConfigFile.Format format, List<String> header, List<Entry> entries, List<String> trailer) {

    /** Flink's two configuration file formats. */
    public enum Format {
        /**
         * The flat {@code flink-conf.yaml} of Flink 1.x: one {@code key: value} a line, read by
         * {@code GlobalConfiguration}'s own line parser (a {@code #} anywhere starts a comment,
         * values are taken verbatim, quotes included).
         */
        LEGACY("legacy flat flink-conf.yaml"),
        /** Standard YAML ({@code config.yaml}, Flink 1.19+ and the only format of Flink 2.x). */
        STANDARD("standard YAML");

        private final String description;

        Format(String description) {
            this.description = description;
        }

        /** How the report names this format. */
        public String description() {
            return description;
        }
    }

    /**
     * One key.
     *
     * @param key the flattened key
     * @param value a {@code String} for the legacy format; for standard YAML what the YAML parser
     *     built: {@code String}, {@code Boolean}, a number or a {@code List}; in either, a {@link
     *     TemplateValue} for a value with a template placeholder
     * @param line the 1-based line of the key in the file it was read from (0 for keys the
     *     migration added)
     * @param comments comment lines ({@code "# …"}) and blank lines ({@code ""}) above the key
     * @param inherited how many of {@code comments}, from the start, stood above a mapping that
     *     holds the key rather than above the key itself (standard YAML)
     * @param inlineComment the comment after the value on the key's line ({@code "# …"}), or null
     */
    public record Entry(
            String key,
            Object value,
            int line,
            List<String> comments,
            int inherited,
            @Nullable String inlineComment) {

        /** The value as the string Flink's {@code Configuration} converts from. */
        public String text() {
            return textOf(value);
        }

        /** This entry under another key, with its value, line and comments. */
        public Entry withKey(String newKey) {
            return new Entry(newKey, value, line, comments, inherited, inlineComment);
        }

        /** This entry with another value. */
        public Entry withValue(Object newValue) {
            return new Entry(key, newValue, line, comments, inherited, inlineComment);
        }

        /** The comments that stood above a mapping holding the key. */
        public List<String> inheritedComments() {
            return comments.subList(0, inherited);
        }

        /** The comments that stood directly above the key. */
        public List<String> ownComments() {
            return comments.subList(inherited, comments.size());
        }

        /** This entry with {@code before} above its own comments. */
        public Entry withCommentsBefore(List<String> before) {
            if (before.isEmpty()) {
                return this;
            }
            List<String> all = new ArrayList<>(before);
            all.addAll(comments);
            return new Entry(
                    key, value, line, List.copyOf(all), inherited + before.size(), inlineComment);
        }

        /** A key the migration adds, at the line of the key it came from, without comments. */
        public static Entry added(String key, Object value, int line) {
            return new Entry(key, value, line, List.of(), 0, null);
        }
    }

    /**
     * The string form Flink converts a value from (YAML for anything but a string); a template
     * value as written.
     */
    static String textOf(Object value) {
        if (value instanceof TemplateValue) {
            return ((TemplateValue) value).source();
        }
        return value instanceof String ? (String) value : YamlParserUtils.toYAMLString(value);
    }
}
