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
package dev.flinkext.cli;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One part of the command line in a folder of jars (a Flink line of the checkpoint tools, or
 * migrate-config), with the Flink it needs. Each runs in a class loader of its own whose parent is
 * the platform class loader: Flink 1.20 and Flink 2.x cannot share a classpath, and nothing of the
 * launcher's classpath leaks in. Hadoop's client, which Flink finds on the classpath for {@code
 * hdfs://}, joins every component from {@code HADOOP_CLASSPATH}, as {@code bin/flink} does it.
 */
@Internal
final class Component {

    private final String name;
    private final Path folder;
    private final String mainClass;
    private URLClassLoader loader;

    /**
     * @param name how the launcher names it, e.g. {@code tools-2.x}
     * @param folder the folder of its jars
     * @param mainClass its command line class, with a static {@code commandLine()} returning a
     *     picocli {@code CommandLine}
     */
    Component(String name, Path folder, String mainClass) {
        this.name = name;
        this.folder = folder;
        this.mainClass = mainClass;
    }

    String name() {
        return name;
    }

    /** Whether its folder holds jars (a build or distribution may leave a line out). */
    boolean present() {
        return !jars().isEmpty();
    }

    /** Runs {@code args} on its command line, printing to {@code out} and {@code err}. */
    int run(String[] args, PrintWriter out, PrintWriter err) {
        Object cli = call(mainClass, "commandLine");
        try {
            cli.getClass().getMethod("setOut", PrintWriter.class).invoke(cli, out);
            cli.getClass().getMethod("setErr", PrintWriter.class).invoke(cli, err);
            return withContextLoader(
                    () ->
                            (Integer)
                                    cli.getClass()
                                            .getMethod("execute", String[].class)
                                            .invoke(cli, (Object) args));
        } catch (ReflectiveOperationException e) {
            throw failed(e);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Calls a static method without arguments of one of its classes. */
    Object call(String className, String method) {
        try {
            return withContextLoader(
                    () -> Class.forName(className, true, loader()).getMethod(method).invoke(null));
        } catch (ReflectiveOperationException e) {
            throw failed(e);
        }
    }

    private interface Call<T> {
        T call() throws ReflectiveOperationException;
    }

    private <T> T withContextLoader(Call<T> call) throws ReflectiveOperationException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader());
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private IllegalStateException failed(ReflectiveOperationException e) {
        Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
        return new IllegalStateException(
                "flinkext: the " + name + " component in " + folder + " failed: " + cause, cause);
    }

    private synchronized ClassLoader loader() {
        if (loader == null) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : jars()) {
                urls.add(url(jar));
            }
            if (urls.isEmpty()) {
                throw new IllegalStateException(
                        "flinkext: no jars in "
                                + folder
                                + " (the "
                                + name
                                + " component); build it with mvn -B -DskipTests package");
            }
            String hadoop = System.getenv("HADOOP_CLASSPATH");
            if (hadoop != null) {
                for (String entry : hadoop.split(java.io.File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        urls.add(url(Path.of(entry)));
                    }
                }
            }
            loader =
                    new URLClassLoader(
                            "flinkext-" + name,
                            urls.toArray(new URL[0]),
                            ClassLoader.getPlatformClassLoader());
        }
        return loader;
    }

    private List<Path> jars() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path + ": not a usable classpath entry", e);
        }
    }
}
