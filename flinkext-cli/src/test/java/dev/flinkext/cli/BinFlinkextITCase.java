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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/flinkext} itself, with a {@code java} on the {@code PATH} that prints the arguments it
 * is given: the JVM flags come from the home's {@code jvm-options}, which the build writes from the
 * root pom's {@code flinkext.jvm.opens}, the flags the build's own test JVMs get.
 */
class BinFlinkextITCase {

    private static final Path ROOT = Path.of(System.getProperty("flinkext.root"));
    private static final Path HOME = Path.of(System.getProperty(Flinkext.HOME_PROPERTY));

    /** What Flink 1.20's own config.yaml opens for Java 17 (env.java.opts.all). */
    private static final List<String> FLINK_OPENS =
            List.of(
                    "java.lang",
                    "java.net",
                    "java.io",
                    "java.nio",
                    "sun.nio.ch",
                    "java.lang.reflect",
                    "java.text",
                    "java.time",
                    "java.util",
                    "java.util.concurrent",
                    "java.util.concurrent.atomic",
                    "java.util.concurrent.locks");

    @TempDir Path tmp;

    @Test
    void passesEveryAddOpensOfTheRootPomAndOfFlinksOwnScriptsToJava() throws Exception {
        List<String> args = javaArguments("--version");
        List<String> build =
                Arrays.asList(System.getProperty("flinkext.jvm.opens").strip().split("\\s+"));
        assertThat(opened(build)).isNotEmpty();
        assertThat(opened(args)).containsAll(opened(build));
        for (String flinkOpens : FLINK_OPENS) {
            assertThat(opened(args)).contains("java.base/" + flinkOpens + "=ALL-UNNAMED");
        }
        assertThat(args).endsWith("dev.flinkext.cli.Flinkext", "--version");
        assertThat(args).contains("-Dflinkext.home=" + HOME);
    }

    /** The arguments bin/flinkext hands to {@code java}, one per element. */
    private List<String> javaArguments(String... flinkextArgs) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(ROOT.resolve("bin/flinkext").toString());
        command.addAll(Arrays.asList(flinkextArgs));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("FLINKEXT_HOME", HOME.toString());
        builder.environment().remove("FLINKEXT_JAVA_OPTS");
        Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    /** The targets of {@code --add-opens X} and {@code --add-opens=X} in {@code args}. */
    private static List<String> opened(List<String> args) {
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--add-opens") && i + 1 < args.size()) {
                opened.add(args.get(++i));
            } else if (args.get(i).startsWith("--add-opens=")) {
                opened.add(args.get(i).substring("--add-opens=".length()));
            }
        }
        return opened;
    }
}
