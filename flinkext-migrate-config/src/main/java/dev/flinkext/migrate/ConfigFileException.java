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

import org.apache.flink.annotation.Internal;

/** A configuration file that cannot be migrated, with the line at fault (1-based, 0 if none). */
@Internal
public final class ConfigFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;

    public ConfigFileException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The 1-based line at fault, or 0 when the problem has no line. */
    public int line() {
        return line;
    }

    /** {@code file:line: message}, as compilers print it. */
    public String describe(String fileName) {
        return fileName + (line > 0 ? ":" + line : "") + ": " + getMessage();
    }
}
