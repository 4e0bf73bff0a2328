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
