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

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.function.SupplierWithException;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one operator at a parallelism, snapshots all its instances, and restores them at another
 * parallelism through Flink's own {@code repartitionOperatorState}: what happens to operator state
 * when a job is rescaled from a checkpoint.
 */
public final class Rescaler<IN, OUT> {

    static final int MAX_PARALLELISM = 128;

    private SupplierWithException<OneInputStreamOperator<IN, OUT>, Exception> operators;
    private List<OneInputStreamOperatorTestHarness<IN, OUT>> instances = new ArrayList<>();
    private long checkpointId;

    public Rescaler(SupplierWithException<OneInputStreamOperator<IN, OUT>, Exception> operators) {
        this.operators = operators;
    }

    /** Starts {@code parallelism} fresh instances. */
    public List<OneInputStreamOperatorTestHarness<IN, OUT>> start(int parallelism)
            throws Exception {
        return open(parallelism, null);
    }

    /** Snapshots every running instance, closes them, and restores at {@code parallelism}. */
    public List<OneInputStreamOperatorTestHarness<IN, OUT>> rescaleTo(int parallelism)
            throws Exception {
        checkpointId++;
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        for (OneInputStreamOperatorTestHarness<IN, OUT> instance : instances) {
            snapshots.add(instance.snapshot(checkpointId, checkpointId));
        }
        int oldParallelism = instances.size();
        close();
        OperatorSubtaskState all =
                AbstractStreamOperatorTestHarness.repackageState(
                        snapshots.toArray(new OperatorSubtaskState[0]));
        return open(parallelism, new Restore(all, oldParallelism));
    }

    /** Restores at {@code parallelism} with a changed operator, as a redeployed job would. */
    public List<OneInputStreamOperatorTestHarness<IN, OUT>> rescaleTo(
            int parallelism,
            SupplierWithException<OneInputStreamOperator<IN, OUT>, Exception> changed)
            throws Exception {
        operators = changed;
        return rescaleTo(parallelism);
    }

    public void close() throws Exception {
        for (OneInputStreamOperatorTestHarness<IN, OUT> instance : instances) {
            instance.close();
        }
        instances = new ArrayList<>();
    }

    private List<OneInputStreamOperatorTestHarness<IN, OUT>> open(int parallelism, Restore restore)
            throws Exception {
        List<OneInputStreamOperatorTestHarness<IN, OUT>> opened = new ArrayList<>();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            OneInputStreamOperatorTestHarness<IN, OUT> harness =
                    new OneInputStreamOperatorTestHarness<>(
                            operators.get(), MAX_PARALLELISM, parallelism, subtask);
            if (restore == null) {
                harness.initializeState((OperatorSubtaskState) null);
            } else {
                harness.initializeState(
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                restore.state,
                                MAX_PARALLELISM,
                                restore.oldParallelism,
                                parallelism,
                                subtask));
            }
            harness.open();
            opened.add(harness);
        }
        instances = opened;
        return opened;
    }

    private record Restore(OperatorSubtaskState state, int oldParallelism) {}
}
