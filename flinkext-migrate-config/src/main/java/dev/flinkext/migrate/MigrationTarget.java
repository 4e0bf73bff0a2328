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

import java.util.Arrays;
import java.util.stream.Collectors;

/** The Flink line a configuration is migrated to. */
@Internal
public enum MigrationTarget {
    /** Flink 1.20: deprecated keys renamed, legacy state backends replaced. */
    FLINK_1_20("1.20"),
    /** Flink 2.x: as for 1.20, then what Flink 2.x renamed or no longer has. */
    FLINK_2("2.x");

    private final String label;

    MigrationTarget(String label) {
        this.label = label;
    }

    /** {@code 1.20} or {@code 2.x}, as {@code --target} takes it. */
    public String label() {
        return label;
    }

    /** The target named {@code label}. */
    public static MigrationTarget of(String label) {
        for (MigrationTarget target : values()) {
            if (target.label.equalsIgnoreCase(label.trim())) {
                return target;
            }
        }
        throw new IllegalArgumentException(
                "Unknown target '"
                        + label
                        + "'; expected one of "
                        + Arrays.stream(values())
                                .map(MigrationTarget::label)
                                .collect(Collectors.joining(", ")));
    }
}
