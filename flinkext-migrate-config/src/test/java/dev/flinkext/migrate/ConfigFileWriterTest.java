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
import dev.flinkext.migrate.ConfigFileWriter.Style;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Writing standard YAML that Flink reads back as it read the original. */
class ConfigFileWriterTest {

    @Test
    void legacyValuesStayPlainWhenYamlReadsThemTheSameAndAreQuotedOtherwise() {
        assertThat(ConfigFileWriter.yamlValue("true", true)).isEqualTo("true");
        assertThat(ConfigFileWriter.yamlValue("6123", true)).isEqualTo("6123");
        assertThat(ConfigFileWriter.yamlValue("30 s", true)).isEqualTo("30 s");
        assertThat(ConfigFileWriter.yamlValue("file:///tmp/x", true)).isEqualTo("file:///tmp/x");
        assertThat(ConfigFileWriter.yamlValue("a;b", true)).isEqualTo("a;b");
        // YAML would read these as something else.
        assertThat(ConfigFileWriter.yamlValue("0.10", true)).isEqualTo("'0.10'");
        assertThat(ConfigFileWriter.yamlValue("TRUE", true)).isEqualTo("'TRUE'");
        assertThat(ConfigFileWriter.yamlValue("x: y", true)).isEqualTo("'x: y'");
        assertThat(ConfigFileWriter.yamlValue("[a, b]", true)).isEqualTo("'[a, b]'");
        assertThat(ConfigFileWriter.yamlValue("*", true)).isEqualTo("'*'");
        assertThat(ConfigFileWriter.yamlValue("\"q\"", true)).isEqualTo("'\"q\"'");
        // A standard-YAML string stays a string.
        assertThat(ConfigFileWriter.yamlValue("6123", false)).isEqualTo("'6123'");
        assertThat(ConfigFileWriter.yamlValue(6123, false)).isEqualTo("6123");
        assertThat(ConfigFileWriter.yamlValue(List.of("a", "b"), false)).isEqualTo("[a, b]");
    }

    @Test
    void everyValueReadsBackAsFlinkReadItBefore() throws Exception {
        List<String> values =
                List.of(
                        "true", "6123", "0.10", "1e3", "~", "null", "- a", "a #b", "'x'", "@x",
                        "%x", "yes", "0x1F", ".inf");
        StringBuilder legacy = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            legacy.append("k").append(i).append(": ").append(values.get(i)).append('\n');
        }
        ConfigFile read = ConfigFileParser.parse(legacy.toString(), Format.LEGACY);
        String written = ConfigFileWriter.write(read, Style.NESTED);
        ConfigFile back = ConfigFileParser.parse(written, Format.STANDARD);
        for (int i = 0; i < read.entries().size(); i++) {
            assertThat(back.entries().get(i).text())
                    .as(written)
                    .isEqualTo(read.entries().get(i).text());
        }
    }

    @Test
    void nestedLayoutWritesConflictingKeysDotted() throws Exception {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("state.backend", "rocksdb");
        keys.put("state.backend.incremental", true);
        keys.put("state.checkpoints.dir", "file:///c");
        StringBuilder text = new StringBuilder();
        keys.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        ConfigFile file = ConfigFileParser.parse(text.toString(), Format.STANDARD);
        String nested = ConfigFileWriter.write(file, Style.NESTED);
        assertThat(nested)
                .isEqualTo(
                        "state:\n"
                                + "  backend: rocksdb\n"
                                + "  checkpoints:\n"
                                + "    dir: file:///c\n"
                                + "state.backend.incremental: true\n");
        assertThat(ConfigFileParser.parse(nested, Format.STANDARD).entries())
                .extracting(Entry::key)
                .containsExactlyInAnyOrderElementsOf(keys.keySet());
    }

    @Test
    void commentsStayWithTheirKeysInBothLayouts() throws Exception {
        String text =
                "# header\n\n# about the backend\nstate.backend.type: rocksdb # inline\n"
                        + "# about the directory\nexecution.checkpointing.dir: file:///c\n# end\n";
        ConfigFile file = ConfigFileParser.parse(text, Format.LEGACY);
        assertThat(ConfigFileWriter.write(file, Style.FLAT)).isEqualTo(text);
        assertThat(ConfigFileWriter.write(file, Style.NESTED))
                .isEqualTo(
                        "# header\n\n# about the backend\nstate:\n  backend:\n"
                                + "    type: rocksdb # inline\n"
                                + "# about the directory\nexecution:\n  checkpointing:\n"
                                + "    dir: file:///c\n# end\n");
    }
}
