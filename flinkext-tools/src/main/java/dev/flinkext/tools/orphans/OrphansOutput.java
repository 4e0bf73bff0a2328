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
package dev.flinkext.tools.orphans;

import dev.flinkext.tools.common.Progress;

import org.apache.flink.annotation.Internal;

/**
 * The report of {@code flinkext orphans}, streamed: the references first, then each orphan as it is
 * found (and, with {@code --delete}, once its batch was checked), then the totals. Nothing per
 * orphan is kept: the deleted files and failures, which come after the orphans, are spooled.
 */
@Internal
abstract class OrphansOutput implements AutoCloseable {

    private final Progress progress;
    private final Spool deleted = new Spool();
    private final Spool failed = new Spool();
    private long orphans;
    private long orphanBytes;
    private long freedBytes;

    OrphansOutput(Progress progress) {
        this.progress = progress;
    }

    /** What was read: the job, its checkpoints and the files they reference. */
    abstract void begin(OrphanScan scan);

    /** An orphan, as the scan saw it. */
    final void orphan(OrphanScan.Found orphan) {
        orphans++;
        orphanBytes += orphan.length();
        writeOrphan(orphan);
    }

    abstract void writeOrphan(OrphanScan.Found orphan);

    /** A deleted file, or a folder (ending in {@code /}), of {@code bytes}. */
    final void deleted(String path, long bytes) {
        deleted.add(path);
        freedBytes += bytes;
    }

    final void failed(String message) {
        failed.add(message);
    }

    /** The totals and what was left alone, after the last orphan. */
    abstract void end(OrphanScan scan, boolean deleting);

    /** Clears the progress line before stdout is written, so that the two never share a line. */
    final void beforeWriting() {
        progress.done();
    }

    final long orphans() {
        return orphans;
    }

    final long orphanBytes() {
        return orphanBytes;
    }

    final long freedBytes() {
        return freedBytes;
    }

    final Spool deletedPaths() {
        return deleted;
    }

    final Spool failures() {
        return failed;
    }

    @Override
    public void close() {
        deleted.close();
        failed.close();
    }
}
