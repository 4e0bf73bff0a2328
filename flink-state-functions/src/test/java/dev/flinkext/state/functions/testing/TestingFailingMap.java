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
 * Passes records through and, in the first execution attempt only, fails once it has seen {@code
 * failAfter} records and been notified of two completed checkpoints: the failure Flink's own
 * exactly-once tests inject, after a completed checkpoint. It waits for the second notification so
 * that a sink's committer, notified of the first checkpoint in its own task, has written what that
 * checkpoint covers before the failure, and a test can see that the failed job made progress (on
 * the first notification, the failure raced the committer: CI saw a job that wrote nothing).
 */
public class TestingFailingMap<T> extends RichMapFunction<T, T> implements CheckpointListener {

    public static final String MESSAGE = "flinkext test: injected failure";

    private final long failAfter;
    private transient long seen;
    private transient volatile int completedCheckpoints;

    public TestingFailingMap(long failAfter) {
        this.failAfter = failAfter;
    }

    @Override
    public T map(T value) {
        seen++;
        if (completedCheckpoints >= 2
                && seen >= failAfter
                && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            throw new IllegalStateException(MESSAGE);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        completedCheckpoints++; // notifications come one at a time, from the task's mailbox
    }
}
