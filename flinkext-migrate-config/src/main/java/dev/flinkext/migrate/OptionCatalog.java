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
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.Description;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.runtime.state.CheckpointStorageLoader;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Flink's own option definitions, read reflectively: every public static {@link ConfigOption} field
 * of the top-level {@code org.apache.flink…*Options} classes in a set of Flink jars, with its key,
 * its fallback keys ({@link ConfigOption#fallbackKeys()}, each deprecated or not) and whether the
 * field or its class is {@code @Deprecated}.
 *
 * <p>The reading is by reflection on names, not on the {@code ConfigOption} class, so the same code
 * reads the Flink on the tool's own classpath (1.20) and a Flink 2.x loaded into an isolated class
 * loader. A catalog also writes itself as text and reads that text back, which is how the 2.x
 * catalog ships inside the tool (see {@link Flink2Options}).
 */
@Internal
public final class OptionCatalog {

    /** One key a {@link Definition} falls back to, as {@code FallbackKey} describes it. */
    public record Fallback(String key, boolean deprecated) {}

    /**
     * One {@code ConfigOption} field.
     *
     * @param key the option's key
     * @param fallbacks its fallback keys, in the order Flink reads them after {@code key}
     * @param deprecated whether the field or its class is {@code @Deprecated}
     * @param origin the declaring class and field, e.g. {@code
     *     org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY}
     * @param description the option's description as plain text ("" when not read)
     * @param option the option itself when it belongs to the tool's own Flink, else null
     */
    public record Definition(
            String key,
            List<Fallback> fallbacks,
            boolean deprecated,
            String origin,
            String description,
            @Nullable ConfigOption<?> option) {

        /** {@code CheckpointingOptions.CHECKPOINTS_DIRECTORY} for the origin above. */
        public String shortOrigin() {
            int field = origin.lastIndexOf('.');
            int type = origin.lastIndexOf('.', field - 1);
            return origin.substring(type + 1);
        }

        /** The key and then every fallback key, in the order Flink reads them. */
        public List<String> readOrder() {
            List<String> keys = new ArrayList<>();
            keys.add(key);
            fallbacks.forEach(f -> keys.add(f.key()));
            return keys;
        }
    }

    private static final String CONFIG_OPTION = "org.apache.flink.configuration.ConfigOption";

    private final String source;
    private final List<Definition> definitions;
    private final List<String> unreadable;

    private OptionCatalog(String source, List<Definition> definitions, List<String> unreadable) {
        List<Definition> sorted = new ArrayList<>(definitions);
        sorted.sort(Comparator.comparing(Definition::key).thenComparing(Definition::origin));
        this.source = source;
        this.definitions = Collections.unmodifiableList(sorted);
        this.unreadable = List.copyOf(unreadable);
    }

    /** What the catalog was read from, e.g. {@code Flink 1.20.5 (flink-core, …)}. */
    public String source() {
        return source;
    }

    /**
     * Options classes that could not be loaded (a dependency of their static initializer is
     * missing), each with the error: their keys are not in the catalog.
     */
    public List<String> unreadable() {
        return unreadable;
    }

    /** Every definition, sorted by key and origin. */
    public List<Definition> definitions() {
        return definitions;
    }

    /**
     * The Flink on the tool's own classpath: the jars (or the one shaded jar) that hold
     * flink-core's {@code ConfigOption}, flink-runtime's {@code CheckpointStorageLoader} and the
     * RocksDB backend's {@code RocksDBOptions}.
     */
    public static OptionCatalog ofClasspath() {
        Set<Path> locations = new LinkedHashSet<>();
        for (Class<?> anchor :
                List.of(ConfigOption.class, CheckpointStorageLoader.class, RocksDBOptions.class)) {
            locations.add(locationOf(anchor));
        }
        return scan(
                "Flink "
                        + org.apache.flink.runtime.util.EnvironmentInformation.getVersion()
                        + " (flink-core, flink-runtime, flink-statebackend-rocksdb)",
                OptionCatalog.class.getClassLoader(),
                locations);
    }

    /**
     * Reads the options classes found in {@code locations} (jars or class directories) through
     * {@code loader}, which must be able to load them and everything their static initializers
     * need.
     *
     * <p>A class that cannot be loaded is listed in {@link #unreadable()}; the tests require that
     * list to be empty for the catalogs they check, since a catalog with a hole would call a live
     * key unknown.
     */
    public static OptionCatalog scan(
            String source, ClassLoader loader, Collection<Path> locations) {
        List<Definition> definitions = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String className : optionsClassNames(locations)) {
            Class<?> type;
            try {
                type = Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                unreadable.add(className + ": " + e);
                continue;
            }
            definitions.addAll(definitionsOf(type));
        }
        return new OptionCatalog(source, definitions, unreadable);
    }

    private static List<Definition> definitionsOf(Class<?> type) {
        boolean typeDeprecated = type.isAnnotationPresent(Deprecated.class);
        List<Definition> definitions = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isPublic(modifiers)
                    || !Modifier.isStatic(modifiers)
                    || !field.getType().getName().equals(CONFIG_OPTION)) {
                continue;
            }
            try {
                Object option = field.get(null);
                if (option == null) {
                    continue;
                }
                Method keyMethod = option.getClass().getMethod("key");
                String key = (String) keyMethod.invoke(option);
                List<Fallback> fallbacks = new ArrayList<>();
                for (Object fallback :
                        (Iterable<?>) option.getClass().getMethod("fallbackKeys").invoke(option)) {
                    fallbacks.add(
                            new Fallback(
                                    (String)
                                            fallback.getClass()
                                                    .getMethod("getKey")
                                                    .invoke(fallback),
                                    (Boolean)
                                            fallback.getClass()
                                                    .getMethod("isDeprecated")
                                                    .invoke(fallback)));
                }
                boolean own = option instanceof ConfigOption;
                definitions.add(
                        new Definition(
                                key,
                                List.copyOf(fallbacks),
                                typeDeprecated || field.isAnnotationPresent(Deprecated.class),
                                type.getName() + "." + field.getName(),
                                own ? plainText(((ConfigOption<?>) option).description()) : "",
                                own ? (ConfigOption<?>) option : null));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "Cannot read " + type.getName() + "." + field.getName() + ": " + e, e);
            }
        }
        return definitions;
    }

    /**
     * Top-level classes named {@code …Options} under {@code org/apache/flink/}, but not under
     * {@code org/apache/flink/shaded/} (the libraries Flink relocates, such as Netty, are not
     * Flink's options).
     */
    private static Set<String> optionsClassNames(Collection<Path> locations) {
        Set<String> names = new TreeSet<>();
        for (Path location : locations) {
            for (String entry : entries(location)) {
                if (entry.startsWith("org/apache/flink/")
                        && !entry.startsWith("org/apache/flink/shaded/")
                        && entry.endsWith("Options.class")
                        && !entry.contains("$")) {
                    names.add(
                            entry.substring(0, entry.length() - ".class".length())
                                    .replace('/', '.'));
                }
            }
        }
        return names;
    }

    private static List<String> entries(Path location) {
        List<String> entries = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.filter(Files::isRegularFile)
                            .forEach(
                                    f ->
                                            entries.add(
                                                    location.relativize(f)
                                                            .toString()
                                                            .replace('\\', '/')));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        entries.add(entry.getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + location, e);
        }
        return entries;
    }

    private static Path locationOf(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException(
                    "Cannot tell where " + anchor.getName() + " comes from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot read the location of " + anchor.getName(), e);
        }
    }

    private static String plainText(Description description) {
        return new HtmlFormatter()
                .format(description)
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
                .replaceAll("\\s+", " ")
                .trim();
    }

    // ---- the text form --------------------------------------------------------------------

    /**
     * The catalog as text: a header of {@code #} lines, then one line per definition: key, origin,
     * {@code deprecated} or {@code current}, and the fallback keys (each prefixed {@code D:} when
     * deprecated, {@code F:} when not), separated by tabs. Descriptions are left out.
     */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("# Flink's option definitions: ").append(source).append('\n');
        text.append("# key\torigin\tcurrent|deprecated\tfallback keys (D: deprecated, F: not)\n");
        for (Definition d : definitions) {
            text.append(d.key())
                    .append('\t')
                    .append(d.origin())
                    .append('\t')
                    .append(d.deprecated() ? "deprecated" : "current")
                    .append('\t');
            List<String> fallbacks = new ArrayList<>();
            for (Fallback f : d.fallbacks()) {
                fallbacks.add((f.deprecated() ? "D:" : "F:") + f.key());
            }
            text.append(String.join(",", fallbacks)).append('\n');
        }
        return text.toString();
    }

    /** Reads what {@link #toText()} wrote. */
    public static OptionCatalog fromText(String text) {
        String source = "?";
        List<Definition> definitions = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# Flink's option definitions: ")) {
                source = line.substring("# Flink's option definitions: ".length());
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length != 4) {
                throw new IllegalArgumentException("Not a catalog line: " + line);
            }
            List<Fallback> fallbacks = new ArrayList<>();
            if (!columns[3].isEmpty()) {
                for (String f : columns[3].split(",")) {
                    fallbacks.add(new Fallback(f.substring(2), f.startsWith("D:")));
                }
            }
            definitions.add(
                    new Definition(
                            columns[0],
                            List.copyOf(fallbacks),
                            columns[2].equals("deprecated"),
                            columns[1],
                            "",
                            null));
        }
        return new OptionCatalog(source, definitions, List.of());
    }
}
