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

import java.io.PrintStream;

/**
 * Progress of long work on stderr, on one line rewritten in place; silent when stderr is not a
 * terminal (scripts, tests), so that it never mixes into what a script reads. Java cannot tell
 * whether stderr alone is a terminal ({@code System.console()} needs standard input and output to
 * be one too, so {@code flinkext inspect … | jq} would show nothing): the launcher tests it and
 * passes {@value #PROPERTY}{@code =true|false}; without the property, the console decides.
 */
@Internal
public final class Progress {

    /** The system property the launcher sets to whether stderr is a terminal. */
    public static final String PROPERTY = "flinkext.progress";

    private final PrintStream err;
    private final boolean enabled;
    private int lastLength;

    private Progress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Progress on System.err when it is a terminal. */
    public static Progress onTerminal() {
        return new Progress(
                System.err, enabled(System.getProperty(PROPERTY), System.console() != null));
    }

    /** Progress on {@code err}, shown or not. */
    static Progress to(PrintStream err, boolean enabled) {
        return new Progress(err, enabled);
    }

    /** Whether to show progress: as the launcher says, else when there is a console. */
    static boolean enabled(String property, boolean console) {
        return property == null ? console : Boolean.parseBoolean(property);
    }

    /** No progress output. */
    public static Progress silent() {
        return new Progress(System.err, false);
    }

    public void update(String message) {
        if (!enabled) {
            return;
        }
        String padded = message + " ".repeat(Math.max(0, lastLength - message.length()));
        err.print("\r" + padded);
        err.flush();
        lastLength = message.length();
    }

    /** Clears the progress line. */
    public void done() {
        if (enabled && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }
}
