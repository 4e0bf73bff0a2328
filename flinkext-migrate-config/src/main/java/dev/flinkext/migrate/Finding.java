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

import java.util.List;

/**
 * One thing migrate-config did or saw in a file: a line of its report.
 *
 * @param kind what happened
 * @param line the 1-based line in the original file
 * @param before the original {@code key: value}
 * @param after what the migrated file holds instead (several keys, or a commented-out line)
 * @param why the reason, naming the Flink option or rule behind it
 */
@Internal
public record Finding(Kind kind, int line, String before, List<String> after, String why) {

    /** What happened to a key. */
    public enum Kind {
        RENAMED("renamed", true),
        TRANSLATED("translated", true),
        COMMENTED_OUT("commented out", true),
        WARNING("warning", false),
        NOTE("note", false);

        private final String label;
        private final boolean changes;

        Kind(String label, boolean changes) {
            this.label = label;
            this.changes = changes;
        }

        /** How the report names it. */
        public String label() {
            return label;
        }

        /** Whether the migrated file differs from the original because of it. */
        public boolean changes() {
            return changes;
        }
    }
}
