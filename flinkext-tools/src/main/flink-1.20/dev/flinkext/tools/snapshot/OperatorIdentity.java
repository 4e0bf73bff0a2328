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
 * Flink 1.20 adapter: what the metadata records of an operator beside its id. Flink 1.20's records
 * nothing else (only the uid's hash, the operator id), so both are unknown here.
 */
@Internal
public final class OperatorIdentity {

    private OperatorIdentity() {}

    /** The operator's uid as the metadata records it, or null. */
    @Nullable
    public static String uid(OperatorState operator) {
        return null;
    }

    /** The operator's name as the metadata records it, or null. */
    @Nullable
    public static String name(OperatorState operator) {
        return null;
    }
}
