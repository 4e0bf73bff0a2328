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
package dev.flinkext.docs;

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageOptions;
import dev.flinkext.state.hashmap.HeapStateGuardOptions;
import dev.flinkext.state.instrumented.StateMetricOptions;
import dev.flinkext.state.rocksdb.BlockCacheWatchOptions;
import dev.flinkext.state.rocksdb.RocksDBProfile;
import dev.flinkext.state.rocksdb.RocksDBProfileOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference in {@code docs/configuration.md} is generated from the typed options
 * classes; this test fails when it is stale. Regenerate it with {@code mvn -pl flink-examples test
 * -Dtest=ConfigurationDocsTest -Dflinkext.docs.regenerate=true}.
 */
class ConfigurationDocsTest {

    /** Every options class of the pack, in the order the reference lists them. */
    static final List<Class<?>> OPTIONS =
            List.of(
                    StateMetricOptions.class,
                    HeapStateGuardOptions.class,
                    RocksDBProfileOptions.class,
                    BlockCacheWatchOptions.class,
                    TieredCheckpointStorageOptions.class);

    private static final String BEGIN =
            "<!-- BEGIN GENERATED OPTIONS: do not edit, see ConfigurationDocsTest -->";
    private static final String END = "<!-- END GENERATED OPTIONS -->";

    @Test
    void referenceIsUpToDate() throws Exception {
        Path docs =
                Path.of(System.getProperty("flinkext.root", "..")).resolve("docs/configuration.md");
        String current = Files.readString(docs);
        int begin = current.indexOf(BEGIN);
        int end = current.indexOf(END);
        assertThat(begin).as("%s has the generated-section markers", docs).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String regenerated =
                current.substring(0, begin + BEGIN.length())
                        + "\n"
                        + generate()
                        + current.substring(end);
        if (Boolean.getBoolean("flinkext.docs.regenerate")) {
            Files.writeString(docs, regenerated);
            return;
        }
        assertThat(current)
                .as(
                        "docs/configuration.md is stale: regenerate it with mvn -pl"
                                + " flink-examples test -Dtest=ConfigurationDocsTest"
                                + " -Dflinkext.docs.regenerate=true")
                .isEqualTo(regenerated);
    }

    @Test
    void everyKeyHasTheFlinkextPrefixAndADescription() throws Exception {
        for (Class<?> options : OPTIONS) {
            for (ConfigOption<?> option : options(options)) {
                assertThat(option.key()).matches("flinkext\\.(state|checkpoint)\\..+");
                assertThat(new HtmlFormatter().format(option.description())).isNotBlank();
            }
        }
    }

    static String generate() throws Exception {
        StringBuilder out = new StringBuilder();
        for (Class<?> options : OPTIONS) {
            out.append("\n### `").append(options.getSimpleName()).append("`\n\n");
            out.append("| key | default | type | description |\n| --- | --- | --- | --- |\n");
            for (Field field : options.getFields()) {
                if (!Modifier.isStatic(field.getModifiers())
                        || !ConfigOption.class.isAssignableFrom(field.getType())) {
                    continue;
                }
                ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                out.append("| `")
                        .append(option.key())
                        .append("` | ")
                        .append(
                                option.hasDefaultValue()
                                        ? "`" + option.defaultValue() + "`"
                                        : "(none)")
                        .append(" | ")
                        .append(typeOf(field))
                        .append(" | ")
                        .append(
                                new HtmlFormatter()
                                        .format(option.description())
                                        .replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        out.append("\n### RocksDB profiles\n\n");
        out.append(
                "The Flink keys each `flinkext.state.rocksdb.profile` sets when they are not set");
        out.append(" explicitly.\n\n| profile | key | value |\n| --- | --- | --- |\n");
        for (RocksDBProfile profile : RocksDBProfile.values()) {
            if (profile.defaults().isEmpty()) {
                out.append("| `")
                        .append(RocksDBProfileOptions.keyName(profile))
                        .append("` | (none: Flink's defaults) | |\n");
            }
            new TreeMap<>(profile.defaults())
                    .forEach(
                            (key, value) ->
                                    out.append("| `")
                                            .append(RocksDBProfileOptions.keyName(profile))
                                            .append("` | `")
                                            .append(key)
                                            .append("` | `")
                                            .append(value)
                                            .append("` |\n"));
        }
        return out.toString();
    }

    private static List<ConfigOption<?>> options(Class<?> options) throws Exception {
        List<ConfigOption<?>> all = new ArrayList<>();
        for (Field field : options.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                all.add((ConfigOption<?>) field.get(null));
            }
        }
        return all;
    }

    private static String typeOf(Field field) {
        var type = ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
        return ((Class<?>) type).getSimpleName();
    }
}
