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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Flink 2.3.0 for tests: the runtime classpath that the module flinkext-flink2-classpath resolves
 * and writes to {@code target/flink2.classpath}, in a class loader of its own whose parent is the
 * platform class loader, so that nothing of the Flink 1.20 on the test classpath leaks in.
 */
final class Flink2Classpath {

    private static URLClassLoader loader;

    private Flink2Classpath() {}

    /** Every jar of the classpath. */
    static List<Path> jars() {
        Path file =
                Path.of(System.getProperty("flinkext.root", "../"))
                        .resolve("flinkext-flink2-classpath/target/flink2.classpath");
        try {
            List<Path> jars = new ArrayList<>();
            for (String entry : Files.readString(file).trim().split(java.io.File.pathSeparator)) {
                jars.add(Path.of(entry));
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    file + " is missing: build it with mvn -pl flinkext-flink2-classpath package",
                    e);
        }
    }

    /** Flink's own jars (not flink-shaded), whose options classes make up Flink 2.x's options. */
    static List<Path> flinkJars() {
        List<Path> flink = new ArrayList<>();
        for (Path jar : jars()) {
            String path = jar.toString().replace('\\', '/');
            if (path.contains("/org/apache/flink/") && !path.contains("/flink-shaded")) {
                flink.add(jar);
            }
        }
        return flink;
    }

    /**
     * How a catalog of these jars names its source, e.g. {@code Flink 2.3.0 (flink-clients, …)}.
     */
    static String source() {
        TreeSet<String> artifacts = new TreeSet<>();
        String version = "?";
        for (Path jar : flinkJars()) {
            String name = jar.getFileName().toString();
            String artifact = jar.getParent().getParent().getFileName().toString();
            artifacts.add(artifact);
            if (artifact.equals("flink-core")) {
                version = jar.getParent().getFileName().toString();
            }
            if (!name.startsWith(artifact)) {
                throw new IllegalStateException("Not a Maven repository layout: " + jar);
            }
        }
        return "Flink " + version + " (" + String.join(", ", artifacts) + ")";
    }

    /** The class loader, made once. */
    static synchronized ClassLoader loader() {
        if (loader == null) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : jars()) {
                try {
                    urls.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
            loader =
                    new URLClassLoader(
                            "flink-2.x",
                            urls.toArray(new URL[0]),
                            ClassLoader.getPlatformClassLoader());
        }
        return loader;
    }

    /** Scans Flink 2.x's options, as {@link OptionCatalog#ofClasspath()} scans the tool's own. */
    static OptionCatalog catalog() {
        return OptionCatalog.scan(source(), loader(), flinkJars());
    }
}
