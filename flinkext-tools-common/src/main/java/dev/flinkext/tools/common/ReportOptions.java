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
package dev.flinkext.tools.common;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * {@code --json} of every command that prints a report, and how the report reaches stdout (JSON
 * through {@link Json}, or the command's tables).
 */
@Internal
public final class ReportOptions {

    @Option(names = "--json", description = "Print JSON instead of tables.")
    private boolean json;

    public boolean json() {
        return json;
    }

    /** Progress on stderr for tables; none for JSON, which scripts read. */
    public Progress progress() {
        return json ? Progress.silent() : Progress.onTerminal();
    }

    /** Prints the report as JSON, or the tables {@code render} gives. */
    public <R> void print(CommandSpec spec, R report, Function<R, String> render) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(report, out);
        } else {
            out.print(render.apply(report));
            out.flush();
        }
    }
}
