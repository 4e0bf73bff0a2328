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
package dev.flinkext.tools.snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.checkpoint.OperatorState;

import javax.annotation.Nullable;

/**
 * Flink 2.x adapter: what the metadata records of an operator beside its id. Flink 2.x's records
 * the operator's name and uid (where the job set one).
 */
@Internal
public final class OperatorIdentity {

    private OperatorIdentity() {}

    /** The operator's uid as the metadata records it, or null. */
    @Nullable
    public static String uid(OperatorState operator) {
        return nonEmpty(operator.getOperatorUid().orElse(null));
    }

    /** The operator's name as the metadata records it, or null. */
    @Nullable
    public static String name(OperatorState operator) {
        return nonEmpty(operator.getOperatorName().orElse(null));
    }

    @Nullable
    private static String nonEmpty(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
