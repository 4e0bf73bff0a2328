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
package dev.flinkext.state.functions.testing;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through and, in the first execution attempt only, fails once it has seen a
 * completed checkpoint and at least {@code failAfter} records: the failure Flink's own exactly-once
 * tests inject.
 */
public class TestingFailingMap<T> extends RichMapFunction<T, T> implements CheckpointListener {

    public static final String MESSAGE = "flinkext test: injected failure";

    private final long failAfter;
    private transient long seen;
    private transient volatile boolean checkpointCompleted;

    public TestingFailingMap(long failAfter) {
        this.failAfter = failAfter;
    }

    @Override
    public T map(T value) {
        seen++;
        if (checkpointCompleted
                && seen >= failAfter
                && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            throw new IllegalStateException(MESSAGE);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointCompleted = true;
    }
}
