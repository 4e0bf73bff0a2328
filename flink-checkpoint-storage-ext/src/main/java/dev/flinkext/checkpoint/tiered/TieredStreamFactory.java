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
package dev.flinkext.checkpoint.tiered;

import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.StreamStateHandle;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream factory of one task for one checkpoint: it holds that checkpoint's memory budget,
 * shared by all streams the task writes for it (concurrent ones included).
 */
@Internal
final class TieredStreamFactory implements CheckpointStreamFactory {

    private final CheckpointStreamFactory fileTier;
    private final boolean canSpill;
    private final long inlineThreshold;
    private final long budget;
    private final AtomicLong inlineBytes = new AtomicLong();

    /**
     * @param fileTier the wrapped storage's factory, writing every stream to a file (or, without a
     *     directory, inline as JobManager storage does)
     * @param canSpill whether {@code fileTier} writes files
     */
    TieredStreamFactory(
            CheckpointStreamFactory fileTier, boolean canSpill, long inlineThreshold, long budget) {
        this.fileTier = fileTier;
        this.canSpill = canSpill;
        this.inlineThreshold = Math.min(inlineThreshold, budget);
        this.budget = budget;
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(
            CheckpointedStateScope scope) {
        return new TieredOutputStream(this, scope);
    }

    long inlineThreshold() {
        return inlineThreshold;
    }

    long budget() {
        return budget;
    }

    boolean canSpill() {
        return canSpill;
    }

    CheckpointStreamFactory fileTier() {
        return fileTier;
    }

    /** Takes {@code bytes} of the budget if they are still free. */
    boolean tryReserveInline(long bytes) {
        while (true) {
            long used = inlineBytes.get();
            if (used + bytes > budget) {
                return false;
            }
            if (inlineBytes.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    @Override
    public boolean canFastDuplicate(StreamStateHandle stateHandle, CheckpointedStateScope scope)
            throws IOException {
        return fileTier.canFastDuplicate(stateHandle, scope);
    }

    @Override
    public List<StreamStateHandle> duplicate(
            List<StreamStateHandle> stateHandles, CheckpointedStateScope scope) throws IOException {
        return fileTier.duplicate(stateHandles, scope);
    }

    @Override
    public void reusePreviousStateHandle(Collection<? extends StreamStateHandle> previousHandle) {
        fileTier.reusePreviousStateHandle(previousHandle);
    }

    @Override
    public boolean couldReuseStateHandle(StreamStateHandle stateHandle) {
        return fileTier.couldReuseStateHandle(stateHandle);
    }
}
