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

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading both formats as Flink reads them, and refusing what Flink would skip silently. */
class ConfigFileParserTest {

    @Test
    void formatIsChosenByNameAsFlinkDoesThenByContent() {
        assertThat(ConfigFileParser.formatOf("flink-conf.yaml", "a:\n  b: 1\n"))
                .isEqualTo(Format.LEGACY);
        assertThat(ConfigFileParser.formatOf("config.yaml", "a.b: 1\n")).isEqualTo(Format.STANDARD);
        assertThat(ConfigFileParser.formatOf("prod.yaml", "# c\na.b: 1\n"))
                .isEqualTo(Format.LEGACY);
        assertThat(ConfigFileParser.formatOf("prod.yaml", "a:\n  b: 1\n"))
                .isEqualTo(Format.STANDARD);
    }

    @Test
    void templatePlaceholdersAreKeptAsWrittenInStandardYaml() throws Exception {
        ConfigFile file =
                ConfigFileParser.parse(
                        String.join(
                                "\n",
                                "a: '{{ x }}'",
                                "b: \"it's {{ y }}\" # not {{ z }}",
                                "c: text {{ w }} more",
                                "d: [1, {{ v }}]",
                                "e: ${E}",
                                "f: plain # {{ comment }}",
                                "g: don't {{ u }}",
                                ""),
                        Format.STANDARD);
        assertThat(file.entries())
                .extracting(Entry::key, Entry::value, Entry::inlineComment)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "a", new TemplateValue("'{{ x }}'"), null),
                        org.assertj.core.groups.Tuple.tuple(
                                "b", new TemplateValue("\"it's {{ y }}\""), "# not {{ z }}"),
                        org.assertj.core.groups.Tuple.tuple(
                                "c", new TemplateValue("text {{ w }} more"), null),
                        org.assertj.core.groups.Tuple.tuple(
                                "d", new TemplateValue("[1, {{ v }}]"), null),
                        org.assertj.core.groups.Tuple.tuple("e", new TemplateValue("${E}"), null),
                        org.assertj.core.groups.Tuple.tuple("f", "plain", "# {{ comment }}"),
                        org.assertj.core.groups.Tuple.tuple(
                                "g", new TemplateValue("don't {{ u }}"), null));
    }

    @Test
    void legacyFileIsReadLikeGlobalConfigurationReadsIt() throws Exception {
        ConfigFile file =
                ConfigFileParser.parse(
                        String.join(
                                "\n",
                                "# header",
                                "",
                                "# about a",
                                "a.b: 1   # one",
                                "   c : x: y",
                                "d: \"q\"",
                                "e: http://host/#fragment",
                                "# the end",
                                ""),
                        Format.LEGACY);
        assertThat(file.header()).containsExactly("# header", "");
        assertThat(file.entries())
                .extracting(Entry::key, Entry::value, Entry::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a.b", "1", 4),
                        org.assertj.core.groups.Tuple.tuple("c", "x: y", 5),
                        org.assertj.core.groups.Tuple.tuple("d", "\"q\"", 6),
                        // Flink's legacy parser cuts at the first '#', wherever it is.
                        org.assertj.core.groups.Tuple.tuple("e", "http://host/", 7));
        assertThat(file.entries().get(0).comments()).containsExactly("# about a");
        assertThat(file.entries().get(0).inlineComment()).isEqualTo("# one");
        assertThat(file.entries().get(3).inlineComment()).isEqualTo("#fragment");
        assertThat(file.trailer()).containsExactly("# the end");
    }

    @Test
    void standardYamlIsFlattenedAsFlinkFlattensItWithComments() throws Exception {
        ConfigFile file =
                ConfigFileParser.parse(
                        String.join(
                                "\n",
                                "# header",
                                "",
                                "# above state",
                                "state:",
                                "  backend:",
                                "    # above type",
                                "    type: rocksdb  # inline",
                                "  checkpoints.dir: file:///c",
                                "list: [a, b]",
                                "block:",
                                "  - x",
                                "  # inside the list",
                                "  - y",
                                "port: 6123",
                                "quoted: '6123'",
                                ""),
                        Format.STANDARD);
        assertThat(file.header()).containsExactly("# header", "");
        List<Entry> entries = file.entries();
        assertThat(entries)
                .extracting(Entry::key)
                .containsExactly(
                        "state.backend.type",
                        "state.checkpoints.dir",
                        "list",
                        "block",
                        "port",
                        "quoted");
        Entry type = entries.get(0);
        assertThat(type.line()).isEqualTo(7);
        assertThat(type.comments()).containsExactly("# above state", "# above type");
        assertThat(type.inheritedComments()).containsExactly("# above state");
        assertThat(type.inlineComment()).isEqualTo("# inline");
        assertThat(entries.get(2).value()).isEqualTo(List.of("a", "b"));
        assertThat(entries.get(3).value()).isEqualTo(List.of("x", "y"));
        assertThat(entries.get(4).value()).isEqualTo(6123);
        assertThat(entries.get(5).value()).isEqualTo("6123");
        // A comment inside a value is not a key's comment.
        assertThat(entries.get(4).comments()).isEmpty();
    }

    @Test
    void notYamlFailsWithItsLine() {
        assertThatThrownBy(
                        () -> ConfigFileParser.parse("a: 1\nb: [unclosed\nc: 3\n", Format.STANDARD))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("not YAML")
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> ConfigFileParser.parse("a: 1\n  b: 2\n", Format.STANDARD))
                .isInstanceOf(ConfigFileException.class)
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(2));
        assertThatThrownBy(() -> ConfigFileParser.parse("- a\n- b\n", Format.STANDARD))
                .hasMessageContaining("not a mapping");
    }

    @Test
    void legacyLineThatIsNotAKeyValuePairFailsWithItsLine() {
        assertThatThrownBy(() -> ConfigFileParser.parse("a: 1\nb:2\n", Format.LEGACY))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("'b:2' is not a 'key: value' pair")
                .hasMessageContaining("missing space")
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(2));
        assertThatThrownBy(() -> ConfigFileParser.parse("state:\n  backend: x\n", Format.LEGACY))
                .hasMessageContaining("nested YAML");
        assertThatThrownBy(() -> ConfigFileParser.parse("\u0000\u0001binary\n", Format.LEGACY))
                .isInstanceOf(ConfigFileException.class)
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(1));
    }

    @Test
    void duplicateKeysFailWithBothLines() {
        assertThatThrownBy(() -> ConfigFileParser.parse("a: 1\nb: 2\na: 3\n", Format.LEGACY))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("key a is set again (first at line 1)")
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> ConfigFileParser.parse("a: 1\na: 3\n", Format.STANDARD))
                .hasMessageContaining("key a is set again (first at line 1)");
        // The same key once dotted and once nested.
        assertThatThrownBy(
                        () ->
                                ConfigFileParser.parse(
                                        "state.backend.type: hashmap\nstate:\n  backend:\n"
                                                + "    type: rocksdb\n",
                                        Format.STANDARD))
                .hasMessageContaining("key state.backend.type is set again (first at line 1)")
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(4));
    }

    @Test
    void keyWithoutValueFails() {
        assertThatThrownBy(() -> ConfigFileParser.parse("a:\nb: 1\n", Format.STANDARD))
                .hasMessageContaining("key a has no value")
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isEqualTo(1));
    }
}
