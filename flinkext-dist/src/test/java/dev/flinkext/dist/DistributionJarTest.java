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
package dev.flinkext.dist;

import dev.flinkext.checkpoint.tiered.TieredCheckpointStorageFactory;
import dev.flinkext.state.hashmap.InstrumentedHashMapStateBackendFactory;
import dev.flinkext.state.rocksdb.InstrumentedRocksDBStateBackendFactory;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The lib/ jar holds the pack's runtime classes and nothing of Flink or anyone else unshaded. */
class DistributionJarTest {

    static Path distJar() {
        Path jar = Paths.get(System.getProperty("flinkext.dist.jar", "target/no-dist-jar.jar"));
        assertThat(jar).as("the packaged lib/ jar (run after mvn package)").isRegularFile();
        return jar;
    }

    @Test
    void everyClassIsTheFlinkextPackOrShadedBelowIt() throws Exception {
        List<String> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(distJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    classes.add(entry.getName());
                }
            }
        }
        assertThat(classes)
                .as("classes of the lib/ jar")
                .isNotEmpty()
                .allSatisfy(
                        name ->
                                assertThat(name)
                                        .as(
                                                "a class outside dev.flinkext (shade and relocate it"
                                                        + " under dev.flinkext.shaded)")
                                        .startsWith("dev/flinkext/"))
                .noneMatch(name -> name.startsWith("dev/flinkext/examples/"))
                .noneMatch(name -> name.startsWith("dev/flinkext/state/functions/"))
                .contains(
                        classFile(InstrumentedHashMapStateBackendFactory.class),
                        classFile(InstrumentedRocksDBStateBackendFactory.class),
                        classFile(TieredCheckpointStorageFactory.class));
    }

    @Test
    void serviceFilesNameClassesOfTheJar() throws Exception {
        try (JarFile jar = new JarFile(distJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.getName().startsWith("META-INF/services/") || entry.isDirectory()) {
                    continue;
                }
                try (BufferedReader lines =
                        new BufferedReader(
                                new InputStreamReader(
                                        jar.getInputStream(entry), StandardCharsets.UTF_8))) {
                    for (String line : (Iterable<String>) lines.lines()::iterator) {
                        String name = line.replaceAll("#.*", "").trim();
                        if (!name.isEmpty()) {
                            assertThat(jar.getEntry(name.replace('.', '/') + ".class"))
                                    .as(entry.getName() + " names " + name)
                                    .isNotNull();
                        }
                    }
                }
            }
        }
        assertThat(Files.size(distJar())).isPositive();
    }

    @Test
    void carriesTheLicenseAndTheNotice() throws Exception {
        try (JarFile jar = new JarFile(distJar().toFile())) {
            for (String name : List.of("META-INF/LICENSE", "META-INF/NOTICE")) {
                JarEntry entry = jar.getJarEntry(name);
                assertThat(entry).as(name + " in the lib/ jar").isNotNull();
                String text =
                        new String(
                                jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).as(name).contains("Apache License");
            }
        }
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }
}
