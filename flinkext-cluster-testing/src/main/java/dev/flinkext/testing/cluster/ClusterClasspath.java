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
package dev.flinkext.testing.cluster;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The classpath of the cluster's processes, as Flink's scripts build it from {@code lib/}: the
 * Flink jars Maven resolved for the calling JVM, without anything that holds {@code dev.flinkext}
 * classes (the pack reaches the cluster only through its {@code lib/} folder or a job jar).
 */
@Internal
final class ClusterClasspath {

    private static List<Path> flinkJars;

    private ClusterClasspath() {}

    /** The calling JVM's classpath without entries holding {@code dev.flinkext} classes. */
    static synchronized List<Path> withoutFlinkext() {
        if (flinkJars == null) {
            List<Path> kept = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(":")) {
                Path path = Paths.get(entry);
                if (!entry.isEmpty() && Files.exists(path) && !holdsFlinkext(path)) {
                    kept.add(path.toAbsolutePath());
                }
            }
            flinkJars = List.copyOf(kept);
        }
        return flinkJars;
    }

    private static boolean holdsFlinkext(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.isDirectory(entry.resolve("dev/flinkext"));
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.stream().anyMatch(e -> e.getName().startsWith("dev/flinkext/"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read classpath entry " + entry, e);
        }
    }
}
