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

import org.apache.flink.annotation.PublicEvolving;

/** The exit codes of every {@code flinkext} command. */
@PublicEvolving
public final class ExitCode {

    /** Everything fine. */
    public static final int OK = 0;

    /** The command ran and found a problem (missing files, orphans, settings to migrate, …). */
    public static final int PROBLEM_FOUND = 1;

    /** Bad usage, or input that cannot be read. */
    public static final int BAD_INPUT = 2;

    /**
     * Internal, never seen by users: the command met a snapshot that another Flink line of the
     * tools reads, and that line is at hand ({@link OtherLineException}); the launcher runs the
     * command again there.
     */
    public static final int OTHER_LINE = 3;

    private ExitCode() {}
}
