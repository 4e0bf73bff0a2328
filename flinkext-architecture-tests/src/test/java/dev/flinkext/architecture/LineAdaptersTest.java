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
package dev.flinkext.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What differs between the Flink lines lives in small classes in {@code src/main/flink-1.20} and
 * {@code src/main/flink-2.x} (docs/flink-lines.md). A class in both folders is an adapter: the same
 * name and package in each, its javadoc starting with "Flink 1.20 adapter" or "Flink 2.x adapter"
 * and saying what differs. A class in one folder only is API of that line alone, and its javadoc
 * says "Flink 1.20 only" or "Flink 2.x only"; each carries a stability annotation. No line folder
 * repeats a class of the shared sources. Checked in every module with line folders, the benchmarks
 * included. Read from the sources, so it needs no build of the 2.x line.
 */
class LineAdaptersTest {

    private static final List<String> LINES = List.of("1.20", "2.x");

    /** The javadoc right before the top-level type's declaration. */
    private static final Pattern TYPE_JAVADOC =
            Pattern.compile(
                    "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*(?://[^\\n]*\\s*)?)*"
                            + "(?:public\\s+|abstract\\s+|final\\s+)*"
                            + "(?:class|interface|enum|record|@interface)\\s",
                    Pattern.DOTALL);

    @Test
    void lineClassesAreAdaptersOrSayWhichLineTheyServe() throws Exception {
        int adapters = 0;
        for (String module : lineModules()) {
            Path main = FlinkextModules.root().resolve(module).resolve("src/main");
            Set<String> first = classes(main.resolve("flink-" + LINES.get(0)));
            Set<String> second = classes(main.resolve("flink-" + LINES.get(1)));
            for (String line : LINES) {
                Set<String> own = line.equals(LINES.get(0)) ? first : second;
                Set<String> other = line.equals(LINES.get(0)) ? second : first;
                for (String type : own) {
                    Path file = main.resolve("flink-" + line).resolve(type);
                    String javadoc = typeJavadoc(file);
                    // The ArchUnit rules read the 1.20 build only: the 2.x classes are held to
                    // the stability-annotation rule here, from their sources.
                    assertThat(Files.readString(file))
                            .as("%s: a stability annotation", file)
                            .containsAnyOf("@Internal", "@PublicEvolving", "@Experimental");
                    if (other.contains(type)) {
                        assertThat(javadoc)
                                .as("%s: an adapter's javadoc starts with the line", file)
                                .startsWith("Flink " + line + " adapter");
                        adapters++;
                    } else {
                        assertThat(javadoc)
                                .as("%s has no twin in flink-%s: say so", file, otherLine(line))
                                .contains("Flink " + line + " only");
                    }
                }
            }
        }
        assertThat(adapters).as("adapters found (both lines count each)").isGreaterThan(0);
    }

    @Test
    void noLineFolderRepeatsASharedClass() throws Exception {
        for (String module : lineModules()) {
            for (String kind : List.of("main", "test")) {
                Path src = FlinkextModules.root().resolve(module).resolve("src").resolve(kind);
                Set<String> shared = classes(src.resolve("java"));
                for (String line : LINES) {
                    Set<String> repeated = classes(src.resolve("flink-" + line));
                    repeated.retainAll(shared);
                    assertThat(repeated).as("%s/flink-%s and %s/java", src, line, src).isEmpty();
                }
            }
        }
    }

    /**
     * The modules whose folders may hold line sources: the checked ones and every module the 2.x
     * line builds again, among them {@code flinkext-benchmarks}, which the ArchUnit rules leave out
     * ({@link FlinkextModules#IGNORED}) but whose line folders follow the same layout.
     */
    static Set<String> lineModules() throws Exception {
        Set<String> modules = new LinkedHashSet<>(FlinkextModules.CHECKED);
        modules.addAll(
                Poms.modules(
                        FlinkextModules.root()
                                .resolve(FlinkextModules.FLINK2_LINE)
                                .resolve("pom.xml")));
        return modules;
    }

    private static String otherLine(String line) {
        return LINES.get(1 - LINES.indexOf(line));
    }

    /** The first sentence onwards of the top-level type's javadoc, without comment stars. */
    private static String typeJavadoc(Path file) throws IOException {
        Matcher m = TYPE_JAVADOC.matcher(Files.readString(file));
        // The first javadoc followed by a type declaration is the top-level type's.
        String found = m.find() ? m.group(1) : null;
        assertThat(found).as("%s: the type has a javadoc", file).isNotNull();
        return found.lines()
                .map(l -> l.replaceFirst("^\\s*\\*\\s?", "").trim())
                .filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
    }

    /** The .java files under {@code root}, as paths relative to it. */
    private static Set<String> classes(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<String> found = new ArrayList<>();
            files.filter(p -> p.toString().endsWith(".java"))
                    .forEach(p -> found.add(root.relativize(p).toString()));
            return new TreeSet<>(found);
        }
    }
}
