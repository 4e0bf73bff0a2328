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

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A job's own class that is on no classpath of the tests: compiled at test time into a folder of
 * its own, as a job jar's classes would be.
 */
public final class UserClasses {

    /** The POJO {@link #compilePojo} writes. */
    public static final String POJO = "example.userjob.Reading";

    private UserClasses() {}

    /** Compiles {@link #POJO} (public fields, a no-argument constructor) into {@code classes}. */
    public static Path compilePojo(Path work) throws Exception {
        Path source = work.resolve("src/example/userjob/Reading.java");
        Files.createDirectories(source.getParent());
        Files.writeString(
                source,
                "package example.userjob;\n"
                        + "public class Reading {\n"
                        + "    public long sensor = 7;\n"
                        + "    public String unit = \"kPa\";\n"
                        + "    public Reading() {}\n"
                        + "}\n");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int exit = compiler.run(null, null, null, "-d", classes.toString(), source.toString());
        if (exit != 0) {
            throw new IllegalStateException("javac failed on " + source + ": exit " + exit);
        }
        return classes;
    }
}
