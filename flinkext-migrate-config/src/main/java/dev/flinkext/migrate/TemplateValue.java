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

import java.util.regex.Pattern;

/**
 * A value with a template placeholder, {@code ${…}} (shell, envsubst, Ansible lookups) or {@code {{
 * … }}} (Helm, Jinja, Ansible): a template engine fills it in before Flink reads the file, so
 * migrate-config carries it over verbatim, under the key's new name if the key is renamed, and
 * cannot check it.
 *
 * @param source the value as written in the file (in standard YAML with its quotes, if any)
 */
@Internal
public record TemplateValue(String source) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}|\\{\\{.*?}}");

    /** Whether {@code text} holds a placeholder. */
    static boolean hasPlaceholder(String text) {
        return PLACEHOLDER.matcher(text).find();
    }

    /**
     * {@code yaml} with each {@code {{ … }}} that is neither quoted nor in a comment replaced by as
     * many {@code x}: unquoted, YAML would read it as a nested mapping. The result has the lines,
     * columns and code point positions of the original, so what the YAML parser marks in it is
     * where the original has it.
     */
    static String masked(String yaml) {
        StringBuilder out = new StringBuilder(yaml.length());
        char quote = 0;
        char previous = '\n';
        for (int i = 0; i < yaml.length(); ) {
            char c = yaml.charAt(i);
            if (c == '\n' || c == '\r') {
                quote = 0;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '#' && Character.isWhitespace(previous)) {
                // A comment: copy it up to the end of the line.
                int end = yaml.indexOf('\n', i);
                end = end < 0 ? yaml.length() : end;
                out.append(yaml, i, end);
                previous = yaml.charAt(end - 1);
                i = end;
                continue;
            } else if ((c == '"' || c == '\'') && startsScalar(previous)) {
                quote = c;
            } else if (c == '{' && yaml.startsWith("{{", i)) {
                int close = yaml.indexOf("}}", i + 2);
                int lineEnd = yaml.indexOf('\n', i);
                if (close >= 0 && (lineEnd < 0 || close < lineEnd)) {
                    String placeholder = yaml.substring(i, close + 2);
                    out.append("x".repeat(placeholder.codePointCount(0, placeholder.length())));
                    previous = 'x';
                    i = close + 2;
                    continue;
                }
            }
            out.append(c);
            previous = c;
            i++;
        }
        return out.toString();
    }

    /** Whether a quote after {@code previous} opens a quoted scalar (else it is text). */
    private static boolean startsScalar(char previous) {
        return Character.isWhitespace(previous)
                || previous == ':'
                || previous == '-'
                || previous == '['
                || previous == '{'
                || previous == ',';
    }
}
