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
package dev.flinkext.tools.testing;

import dev.flinkext.testing.cluster.ProcessCluster;
import dev.flinkext.tools.LineCli;
import dev.flinkext.tools.common.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the command line, in this JVM or as the launcher runs it: its exit code, stdout and
 * stderr.
 */
public final class CliRun {

    public final int exitCode;
    public final String out;
    public final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = LineCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Runs {@code args} in a JVM of its own on this line's classpath alone: the module's classes
     * and its runtime dependencies ({@code target/runtime.classpath}, which the build writes before
     * the tests run), i.e. what {@code target/flinkext-line} holds and the launcher loads. Unlike
     * {@link #of}, nothing of the tests' classpath (Flink's SQL planner and much else) hides what
     * the line lacks.
     */
    public static CliRun onLineClasspath(String... args) throws Exception {
        return onLineClasspath(List.of(), args);
    }

    /** As {@link #onLineClasspath(String...)}, with more JVM options (e.g. {@code -Xmx32m}). */
    public static CliRun onLineClasspath(List<String> jvmOptions, String... args) throws Exception {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        Path runtime = Path.of("target", "runtime.classpath").toAbsolutePath();
        if (!Files.isRegularFile(runtime)) {
            throw new IllegalStateException(
                    runtime + " is missing: the build writes it in phase process-test-resources");
        }
        String classpath =
                classes
                        + File.pathSeparator
                        + Files.readString(runtime, StandardCharsets.UTF_8).strip();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(addOpensOfThisJvm());
        // A short run: the client compiler alone and the serial collector start fastest (a
        // third less time for an inspect here), and the answer is the same.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, LineCli.class.getName()));
        command.addAll(Arrays.asList(args));
        Path outputs = Files.createTempDirectory("flinkext-cli-run-");
        Path out = outputs.resolve("stdout");
        Path err = outputs.resolve("stderr");
        Process process =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                throw new AssertionError("still running after 3 minutes: " + command);
            }
            return new CliRun(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly().waitFor();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(outputs);
        }
    }

    /** The build's --add-opens flags (flinkext.jvm.opens), which bin/flinkext passes alike. */
    private static List<String> addOpensOfThisJvm() {
        return ProcessCluster.jvmOpens();
    }

    /** stdout as JSON. */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(out);
        } catch (Exception e) {
            throw new AssertionError(
                    "not JSON (exit " + exitCode + ", stderr " + err + "): " + out, e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
