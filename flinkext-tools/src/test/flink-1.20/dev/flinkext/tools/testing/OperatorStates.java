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

import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.jobgraph.OperatorID;

/**
 * Flink 1.20 adapter for tests that build checkpoint metadata by hand: 1.20's {@link OperatorState}
 * knows its operator by id alone; 2.x's constructor also takes the operator's name and uid (see the
 * 2.x version of this class).
 */
public final class OperatorStates {

    private OperatorStates() {}

    /** An operator's state with no subtask state yet. */
    public static OperatorState empty(OperatorID id, int parallelism, int maxParallelism) {
        return new OperatorState(id, parallelism, maxParallelism);
    }
}
