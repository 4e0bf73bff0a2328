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
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.core.memory.ByteArrayOutputStreamWithPos;
import org.apache.flink.runtime.state.CheckpointStateOutputStream;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.CheckpointedStateScope;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;

import java.io.IOException;
import java.util.UUID;

/**
 * A state stream that stays in memory up to the inline threshold and becomes inline bytes in the
 * checkpoint metadata if the memory budget still allows at its end; otherwise it is written through
 * the filesystem tier's own stream. Either way the handle is one of Flink's own types.
 */
@Internal
final class TieredOutputStream extends CheckpointStateOutputStream {

    private final TieredStreamFactory factory;
    private final CheckpointedStateScope scope;
    private final ByteArrayOutputStreamWithPos buffer = new ByteArrayOutputStreamWithPos(256);
    private CheckpointStateOutputStream spilled;
    private boolean closed;

    TieredOutputStream(TieredStreamFactory factory, CheckpointedStateScope scope) {
        this.factory = factory;
        this.scope = scope;
    }

    @Override
    public void write(int b) throws IOException {
        if (spilled == null && buffer.getPosition() + 1 > factory.inlineThreshold()) {
            spill();
        }
        if (spilled != null) {
            spilled.write(b);
        } else {
            buffer.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (spilled == null && (long) buffer.getPosition() + len > factory.inlineThreshold()) {
            spill();
        }
        if (spilled != null) {
            spilled.write(b, off, len);
        } else {
            buffer.write(b, off, len);
        }
    }

    @Override
    public long getPos() throws IOException {
        return spilled != null ? spilled.getPos() : buffer.getPosition();
    }

    @Override
    public void flush() throws IOException {
        if (spilled != null) {
            spilled.flush();
        }
    }

    @Override
    public void sync() throws IOException {
        if (spilled != null) {
            spilled.sync();
        }
    }

    @Override
    public StreamStateHandle closeAndGetHandle() throws IOException {
        if (closed) {
            throw new IOException("Stream already closed");
        }
        closed = true;
        if (spilled != null) {
            return spilled.closeAndGetHandle();
        }
        int size = buffer.getPosition();
        if (size == 0) {
            return null;
        }
        if (factory.tryReserveInline(size)) {
            return new ByteStreamStateHandle(UUID.randomUUID().toString(), buffer.toByteArray());
        }
        if (!factory.canSpill()) {
            throw new IOException(
                    "A state stream of "
                            + size
                            + " bytes does not fit into the memory budget of this task's checkpoint ('"
                            + TieredCheckpointStorageOptions.MEMORY_BUDGET.key()
                            + "', "
                            + factory.budget()
                            + " bytes) and no filesystem tier is configured: set '"
                            + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
                            + "' to let large state spill to a filesystem, or raise the budget.");
        }
        spill();
        return spilled.closeAndGetHandle();
    }

    /** Moves what is buffered to a stream of the filesystem tier; continues there. */
    private void spill() throws IOException {
        if (!factory.canSpill()) {
            // Keep buffering: the budget check at the end gives the error that says what to set.
            return;
        }
        CheckpointStreamFactory files = factory.fileTier();
        spilled = files.createCheckpointStateOutputStream(scope);
        spilled.write(buffer.getBuf(), 0, buffer.getPosition());
        buffer.reset();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (spilled != null) {
            spilled.close();
        }
    }
}
