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
package dev.flinkext.rewrite;

import dev.flinkext.rewrite.testing.MigrationHarness;

import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * StateConfigForFlink2 moves RocksDB class by class: every top-level class of Flink 1.20's {@code
 * org.apache.flink.contrib.streaming.state} is either moved (and Flink 2.3.0 has it under {@code
 * org.apache.flink.state.rocksdb}) or named as removed (and Flink 2.3.0 has no such class there).
 */
class RocksDbPackageMoveTest {

    @Test
    void everyClassOfThe120PackageIsMovedToAClassThatExistsOrNamedAsRemoved() throws Exception {
        String oldPath = StateConfigForFlink2.ROCKSDB_OLD_PACKAGE.replace('.', '/') + "/";
        Path jar =
                Path.of(
                        EmbeddedRocksDBStateBackend.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        TreeSet<String> classes = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith(oldPath) && n.endsWith(".class"))
                    .map(n -> n.substring(oldPath.length(), n.length() - ".class".length()))
                    .filter(n -> !n.contains("/") && !n.contains("$"))
                    .forEach(classes::add);
        }
        List<String> removed = new ArrayList<>();
        for (String type : StateConfigForFlink2.REMOVED) {
            if (type.startsWith(StateConfigForFlink2.ROCKSDB_OLD_PACKAGE + ".")) {
                removed.add(type.substring(type.lastIndexOf('.') + 1));
            }
        }
        List<String> all = new ArrayList<>(StateConfigForFlink2.ROCKSDB_MOVED);
        all.addAll(removed);
        assertThat(all).containsExactlyInAnyOrderElementsOf(classes);

        List<URL> urls = new ArrayList<>();
        for (Path entry : MigrationHarness.flink2Classpath()) {
            urls.add(entry.toUri().toURL());
        }
        try (URLClassLoader flink2 =
                new URLClassLoader(
                        urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            String newPath = StateConfigForFlink2.ROCKSDB_NEW_PACKAGE.replace('.', '/') + "/";
            for (String name : StateConfigForFlink2.ROCKSDB_MOVED) {
                assertThat(flink2.getResource(newPath + name + ".class"))
                        .as("%s in Flink 2.3.0", name)
                        .isNotNull();
            }
            for (String name : removed) {
                assertThat(flink2.getResource(newPath + name + ".class"))
                        .as("%s in Flink 2.3.0", name)
                        .isNull();
            }
            for (String type : StateConfigForFlink2.REMOVED) {
                assertThat(flink2.getResource(type.replace('.', '/') + ".class"))
                        .as("%s in Flink 2.3.0", type)
                        .isNull();
            }
        }
    }
}
