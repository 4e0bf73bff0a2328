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

import dev.flinkext.state.rocksdb.RocksDBProfile;
import dev.flinkext.state.rocksdb.RocksDBProfileOptions;

import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference in {@code docs/configuration.md} is generated from the pack's typed
 * options, grouped by their {@code @Documentation.Section}; this test fails when it is stale. The
 * options are found by scanning, as Flink's and the Kubernetes operator's docs generators do: every
 * public static {@link ConfigOption} field of a production class in the pack's runtime packages
 * ({@value #STATE} and {@value #CHECKPOINT}) on this module's classpath, so an option added to any
 * class there is documented (or this test fails) without editing this test. Regenerate the
 * reference with {@code mvn -pl flink-examples test -Dtest=ConfigurationDocsTest
 * -Dflinkext.docs.regenerate=true}.
 */
class ConfigurationDocsTest {

    /**
     * The packages of the pack's runtime modules, whose keys start with flinkext.state /
     * .checkpoint.
     */
    static final String STATE = "dev.flinkext.state";

    static final String CHECKPOINT = "dev.flinkext.checkpoint";

    private static final String BEGIN =
            "<!-- BEGIN GENERATED OPTIONS: do not edit, see ConfigurationDocsTest -->";
    private static final String END = "<!-- END GENERATED OPTIONS -->";

    private static final String REGENERATE =
            "regenerate it with mvn -pl flink-examples test -Dtest=ConfigurationDocsTest"
                    + " -Dflinkext.docs.regenerate=true";

    /** A row of an options table: {@code | `key` | default | type | description |}. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(flinkext\\.[^`]+)` \\|.*\\|$");

    @Test
    void referenceIsUpToDate() throws Exception {
        Path docs = docs();
        String current = Files.readString(docs);
        String regenerated = regenerated(current);
        if (Boolean.getBoolean("flinkext.docs.regenerate")) {
            Files.writeString(docs, regenerated);
            return;
        }
        // Key by key first, so that a failure names what is missing or stale ...
        Map<String, String> documented = rows(generatedPart(current));
        Map<String, String> declared = rows(generate());
        Set<String> stale = new TreeSet<>(documented.keySet());
        stale.removeAll(declared.keySet());
        assertThat(stale)
                .as("docs/configuration.md documents keys no option declares: %s", REGENERATE)
                .isEmpty();
        Set<String> missing = new TreeSet<>(declared.keySet());
        missing.removeAll(documented.keySet());
        assertThat(missing)
                .as("options missing from docs/configuration.md: %s", REGENERATE)
                .isEmpty();
        Map<String, String> changed = new TreeMap<>();
        declared.forEach(
                (key, row) -> {
                    if (!row.equals(documented.get(key))) {
                        changed.put(key, "now " + row);
                    }
                });
        assertThat(changed)
                .as(
                        "options whose default, type or description docs/configuration.md shows"
                                + " otherwise: %s",
                        REGENERATE)
                .isEmpty();
        // ... then the whole text: sections, their order, the profiles table.
        assertThat(current)
                .as("docs/configuration.md is stale: %s", REGENERATE)
                .isEqualTo(regenerated);
    }

    @Test
    void scanningFindsTheOptionsOfBothRuntimeModules() throws Exception {
        List<Documented> options = options();
        assertThat(options)
                .as("options in %s", STATE)
                .anySatisfy(o -> assertThat(o.owner().getName()).startsWith(STATE + "."));
        assertThat(options)
                .as("options in %s", CHECKPOINT)
                .anySatisfy(o -> assertThat(o.owner().getName()).startsWith(CHECKPOINT + "."));
    }

    @Test
    void everyOptionHasASectionTheFlinkextPrefixAndADescription() throws Exception {
        for (Documented documented : options()) {
            String where = documented.owner().getName() + "." + documented.field().getName();
            assertThat(documented.sections())
                    .as("%s: a @Documentation.Section (the reference groups by it)", where)
                    .isNotEmpty();
            assertThat(documented.option().key())
                    .as(where)
                    .matches("flinkext\\.(state|checkpoint)\\..+");
            assertThat(new HtmlFormatter().format(documented.option().description()))
                    .as("%s: a description", where)
                    .isNotBlank();
        }
    }

    static Path docs() {
        return Path.of(System.getProperty("flinkext.root", "..")).resolve("docs/configuration.md");
    }

    /** {@code current} with its generated part replaced by what the options give now. */
    static String regenerated(String current) throws Exception {
        int begin = current.indexOf(BEGIN);
        int end = current.indexOf(END);
        assertThat(begin)
                .as("docs/configuration.md has the generated-section markers")
                .isNotNegative();
        assertThat(end).isGreaterThan(begin);
        return current.substring(0, begin + BEGIN.length())
                + "\n"
                + generate()
                + current.substring(end);
    }

    private static String generatedPart(String current) {
        return current.substring(current.indexOf(BEGIN), current.indexOf(END));
    }

    private static Map<String, String> rows(String markdown) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(markdown);
        while (row.find()) {
            rows.put(row.group(1), row.group());
        }
        return rows;
    }

    /** The generated part: one table per section, then the RocksDB profiles. */
    static String generate() throws Exception {
        Map<String, List<Documented>> sections = new TreeMap<>();
        for (Documented documented : options()) {
            for (String section : documented.sections()) {
                sections.computeIfAbsent(section, s -> new ArrayList<>()).add(documented);
            }
        }
        StringBuilder out = new StringBuilder();
        sections.forEach(
                (section, options) -> {
                    out.append("\n### Section `").append(section).append("`\n\n");
                    out.append("Declared in ")
                            .append(
                                    String.join(
                                            ", ",
                                            options.stream()
                                                    .map(o -> "`" + o.owner().getSimpleName() + "`")
                                                    .distinct()
                                                    .toArray(String[]::new)))
                            .append(".\n\n");
                    out.append(
                            "| key | default | type | description |\n| --- | --- | --- | --- |\n");
                    options.sort(
                            Comparator.comparingInt((Documented o) -> o.position())
                                    .thenComparing(o -> o.owner().getName())
                                    .thenComparingInt(o -> o.order()));
                    options.forEach(o -> out.append(row(o)));
                });
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

    private static String row(Documented documented) {
        ConfigOption<?> option = documented.option();
        return "| `"
                + option.key()
                + "` | "
                + (option.hasDefaultValue() ? "`" + defaultValue(option) + "`" : "(none)")
                + " | "
                + typeOf(documented.field())
                + " | "
                + new HtmlFormatter().format(option.description()).replace("|", "\\|")
                + " |\n";
    }

    /**
     * Every public static {@link ConfigOption} of the production classes in the pack's runtime
     * packages, except those marked {@code @Documentation.ExcludeFromDocumentation}.
     */
    static List<Documented> options() throws Exception {
        List<Documented> found = new ArrayList<>();
        for (JavaClass javaClass :
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ConfigurationDocsTest::notATestJar)
                        .importPackages(STATE, CHECKPOINT)) {
            Class<?> owner = Class.forName(javaClass.getName());
            Field[] fields = owner.getFields();
            for (int i = 0; i < fields.length; i++) {
                Field field = fields[i];
                if (!Modifier.isStatic(field.getModifiers())
                        || field.getDeclaringClass() != owner
                        || !ConfigOption.class.isAssignableFrom(field.getType())
                        || field.isAnnotationPresent(
                                Documentation.ExcludeFromDocumentation.class)) {
                    continue;
                }
                Documentation.Section section = field.getAnnotation(Documentation.Section.class);
                found.add(
                        new Documented(
                                owner,
                                field,
                                (ConfigOption<?>) field.get(null),
                                section == null ? List.of() : List.of(section.value()),
                                section == null ? Integer.MAX_VALUE : section.position(),
                                i));
            }
        }
        return found;
    }

    /** Test jars ({@code -tests.jar}) of the pack's modules hold test code too. */
    private static boolean notATestJar(com.tngtech.archunit.core.importer.Location location) {
        return !location.contains("-tests.jar");
    }

    private static String typeOf(Field field) {
        var type = ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
        return ((Class<?>) type).getSimpleName();
    }

    /**
     * One option as the reference lists it: where it is declared, in which sections, its section
     * position and its place among its class's public fields.
     */
    record Documented(
            Class<?> owner,
            Field field,
            ConfigOption<?> option,
            List<String> sections,
            int position,
            int order) {}

    /** As Flink's own reference shows defaults: a duration as {@code 10 s}, not {@code PT10S}. */
    private static String defaultValue(ConfigOption<?> option) {
        Object value = option.defaultValue();
        return value instanceof Duration
                ? TimeUtils.formatWithHighestUnit((Duration) value)
                : String.valueOf(value);
    }
}
