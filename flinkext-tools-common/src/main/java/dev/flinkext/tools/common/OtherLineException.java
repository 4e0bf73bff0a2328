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

/**
 * A snapshot that this Flink line of the tools cannot read, written by the Flink of another line
 * (e.g. checkpoint metadata version 6, which Flink 2.x writes, met by the tools' Flink 1.20 line).
 * When the launcher has that other line at hand ({@link #PROPERTY}), the command ends with {@link
 * ExitCode#OTHER_LINE} without a word and the launcher runs it again on the line named by {@link
 * #line()}; without a launcher it is bad input like any other, with this message.
 */
@Internal
public final class OtherLineException extends BadInputException {

    private static final long serialVersionUID = 1L;

    /**
     * The system property the launcher sets to the lines it can run a command on, comma-separated
     * (e.g. {@code 1.20,2.x}).
     */
    public static final String PROPERTY = "flinkext.lines";

    private final String line;

    /**
     * @param message the one line a user sees when no other line is at hand
     * @param line the line that reads the snapshot, as the launcher names lines ({@code 2.x})
     */
    public OtherLineException(String message, String line) {
        super(message);
        this.line = line;
    }

    /** The line that reads the snapshot. */
    public String line() {
        return line;
    }

    /** Whether the launcher can run the command on {@link #line()}. */
    public boolean lineAtHand() {
        String lines = System.getProperty(PROPERTY, "");
        for (String available : lines.split(",")) {
            if (available.trim().equals(line)) {
                return true;
            }
        }
        return false;
    }
}
