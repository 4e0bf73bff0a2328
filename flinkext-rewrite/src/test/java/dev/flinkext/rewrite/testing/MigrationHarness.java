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
package dev.flinkext.rewrite.testing;

import org.openrewrite.InMemoryExecutionContext;
import org.openrewrite.Recipe;
import org.openrewrite.Result;
import org.openrewrite.SourceFile;
import org.openrewrite.internal.InMemoryLargeSourceSet;
import org.openrewrite.java.JavaParser;
import org.openrewrite.java.search.FindMissingTypes;
import org.openrewrite.java.tree.J;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * End-to-end support for the recipes: run a recipe on a source text, compile the result with javac
 * against Flink 1.20 (this JVM's classpath) or Flink 2.3.0 (the classpath that the module
 * flinkext-flink2-classpath writes), and run a main class in a JVM of its own on Flink 2.3.0.
 */
public final class MigrationHarness {

    private MigrationHarness() {}

    /**
     * Parses {@code sources} once (Flink's types from the Flink 1.20 jars on this classpath) and
     * runs the recipes one after the other, as a composite recipe would: the result holds, for each
     * recipe, every source's text after it, in the order given.
     */
    public static List<List<String>> rewrite(List<Recipe> recipes, String... sources) {
        InMemoryExecutionContext ctx =
                new InMemoryExecutionContext(
                        e -> {
                            throw new IllegalStateException("Recipe run failed", e);
                        });
        List<SourceFile> current =
                JavaParser.fromJavaVersion()
                        .classpath(flink120Classpath())
                        .build()
                        .parse(ctx, sources)
                        .collect(Collectors.toList());
        List<List<String>> stages = new ArrayList<>();
        for (Recipe recipe : recipes) {
            List<Result> results =
                    recipe.run(new InMemoryLargeSourceSet(current), ctx)
                            .getChangeset()
                            .getAllResults();
            List<SourceFile> next = new ArrayList<>();
            for (SourceFile source : current) {
                SourceFile after = source;
                for (Result result : results) {
                    if (result.getBefore() != null
                            && result.getBefore().getSourcePath().equals(source.getSourcePath())) {
                        after = result.getAfter();
                    }
                }
                List<String> missing = missingTypes(after);
                if (!missing.isEmpty()) {
                    // The next recipe would miss what it matches by type.
                    throw new IllegalStateException(
                            after.getSourcePath()
                                    + " after "
                                    + recipe.getName()
                                    + " lacks types:\n"
                                    + String.join("\n", missing));
                }
                next.add(after);
            }
            current = next;
            stages.add(current.stream().map(SourceFile::printAll).collect(Collectors.toList()));
        }
        return stages;
    }

    /** A parser that types Flink 1.20 code from Flink's jars on this classpath. */
    public static JavaParser.Builder<?, ?> flink120Parser() {
        return JavaParser.fromJavaVersion()
                .classpath(
                        "flink-streaming-java",
                        "flink-core",
                        "flink-runtime",
                        "flink-statebackend-rocksdb",
                        "frocksdbjni");
    }

    /**
     * Where {@code source} lacks type attribution, as OpenRewrite's own test check finds it, one
     * entry each; but for member references in Javadoc: OpenRewrite 8.41 leaves a {@code {@link
     * #m}} to a method inherited from a supertype untyped (javadoc resolves it), as in the tour's
     * {@code TourConfiguration}.
     */
    public static List<String> missingTypes(SourceFile source) {
        List<String> missing = new ArrayList<>();
        for (FindMissingTypes.MissingTypeResult r : FindMissingTypes.findMissingTypes((J) source)) {
            if (!(r.getJ() instanceof J.MemberReference && r.getPath().contains("DocComment"))) {
                missing.add(r.getMessage() + " at " + r.getPath() + ": " + r.getPrintedTree());
            }
        }
        return missing;
    }

    /** This JVM's classpath: Flink 1.20 and the pack's modules. */
    public static List<Path> flink120Classpath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry));
        }
        return entries;
    }

    /** Flink 2.3.0's runtime classpath. */
    public static List<Path> flink2Classpath() {
        Path file =
                Path.of(System.getProperty("flinkext.root", ".."))
                        .resolve("flinkext-flink2-classpath/target/flink2.classpath");
        try {
            List<Path> jars = new ArrayList<>();
            for (String entry : Files.readString(file).trim().split(File.pathSeparator)) {
                jars.add(Path.of(entry));
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    file + " is missing: build it with mvn -pl flinkext-flink2-classpath package",
                    e);
        }
    }

    /** This JVM's classpath without Flink's own jars: the pack's modules and their libraries. */
    public static List<Path> withoutFlink(List<Path> classpath) {
        List<Path> rest = new ArrayList<>();
        for (Path entry : classpath) {
            String path = entry.toString().replace('\\', '/');
            if (!path.contains("/org/apache/flink/") && !path.contains("/com/ververica/")) {
                rest.add(entry);
            }
        }
        return rest;
    }

    /**
     * Compiles {@code sources} (file name → text) into {@code out} against {@code classpath}, and
     * returns javac's errors (empty when it compiled).
     */
    public static List<Diagnostic<? extends JavaFileObject>> compile(
            List<Path> classpath, Path out, Path... sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Files.createDirectories(out);
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options =
                    List.of(
                            "-classpath",
                            classpath.stream()
                                    .map(Path::toString)
                                    .collect(Collectors.joining(File.pathSeparator)),
                            "-d",
                            out.toString(),
                            "-proc:none",
                            "-nowarn",
                            "-implicit:none");
            javac.getTask(
                            null,
                            files,
                            diagnostics,
                            options,
                            null,
                            files.getJavaFileObjects(sources))
                    .call();
        }
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d);
            }
        }
        return errors;
    }

    /** What a JVM run printed and how it ended. */
    public record JvmRun(int exitCode, List<String> stdout, String stderr) {}

    /**
     * Runs {@code mainClass} in a JVM of its own on {@code classpath}; kills it after {@code
     * timeoutSeconds} (and whenever this call fails).
     */
    public static JvmRun runJvm(
            List<Path> classpath, String mainClass, long timeoutSeconds, Path work, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // The --add-opens Flink needs on Java 17 (the root pom's flinkext.jvm.opens).
        command.addAll(List.of(System.getProperty("flinkext.jvm.opens").strip().split("\\s+")));
        command.add("-cp");
        command.add(
                classpath.stream()
                        .map(Path::toString)
                        .collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(List.of(args));
        Path stdout = work.resolve("stdout.txt");
        Path stderr = work.resolve("stderr.txt");
        Process process =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        mainClass + " did not end within " + timeoutSeconds + " s");
            }
            return new JvmRun(
                    process.exitValue(), Files.readAllLines(stdout), Files.readString(stderr));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
