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

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.snapshot.Locations;
import dev.flinkext.tools.snapshot.Snapshot;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code orphans --delete}: takes the orphans as the scan finds them, in batches of {@value
 * #BATCH}; before a batch is deleted, re-reads any checkpoint that completed meanwhile (at most
 * every {@link #REREAD} seconds) and drops the orphans it references; then deletes the batch's
 * files {@value #THREADS} at a time, each only if it is still there, unchanged since the scan
 * (length and modification time) and still old enough. Flink's {@code FileSystem} deletes one path
 * per call (no multi-object delete on its API), so parallel calls are what batches buy on object
 * stores. Once everything is listed, each chk-N folder without _metadata that deleting left empty
 * goes too.
 *
 * <p>If a re-read meets metadata that cannot be read, nothing more is deleted: the rest is only
 * reported, and {@link #refusal()} says why.
 */
@Internal
final class OrphanDeleter implements OrphanScan.Sink, AutoCloseable {

    static final int BATCH = 1_000;
    static final int THREADS = 8;
    static final Duration REREAD = Duration.ofSeconds(5);

    private final OrphanScan scan;
    private final OrphansOutput out;
    private final Progress progress;
    private final ExecutorService pool;
    private final List<OrphanScan.Found> batch = new ArrayList<>(BATCH);
    private final Set<String> checkpointFolders = new LinkedHashSet<>();
    private long lastRead = System.nanoTime();
    private long deleted;
    private String refusal;

    OrphanDeleter(OrphanScan scan, OrphansOutput out, Progress progress) {
        this.scan = scan;
        this.out = out;
        this.progress = progress;
        this.pool =
                Executors.newFixedThreadPool(
                        THREADS,
                        r -> {
                            Thread thread = new Thread(r, "flinkext-orphans-delete");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    @Override
    public void orphan(OrphanScan.Found orphan) throws BadInputException {
        batch.add(orphan);
        if (batch.size() == BATCH) {
            flush();
        }
    }

    /** Deletes what is left, then the chk-N folders left empty. */
    void finish() throws BadInputException {
        flush();
        if (refusal == null) {
            deleteEmptiedFolders();
        }
    }

    /** Why deleting stopped midway, or null. */
    String refusal() {
        return refusal;
    }

    private void flush() throws BadInputException {
        if (batch.isEmpty()) {
            return;
        }
        if (refusal == null && System.nanoTime() - lastRead >= REREAD.toNanos()) {
            scan.rereadNewCheckpoints();
            lastRead = System.nanoTime();
            if (!scan.unsafeReasons().isEmpty()) {
                refusal = scan.unsafeReasons().get(0);
            }
        }
        List<OrphanScan.Found> kept = new ArrayList<>(batch.size());
        for (OrphanScan.Found orphan : batch) {
            if (!scan.isReferenced(orphan.key())) {
                kept.add(orphan);
            }
        }
        batch.clear();
        for (OrphanScan.Found orphan : kept) {
            out.orphan(orphan);
        }
        if (refusal != null) {
            return;
        }
        long cutoff = Instant.now().minus(scan.olderThan()).toEpochMilli();
        List<Future<Outcome>> outcomes = new ArrayList<>(kept.size());
        for (OrphanScan.Found orphan : kept) {
            outcomes.add(pool.submit(() -> delete(orphan, cutoff)));
        }
        for (int i = 0; i < kept.size(); i++) {
            Outcome outcome = outcome(outcomes.get(i), kept.get(i));
            if (outcome.failure() != null) {
                out.failed(outcome.failure());
            } else if (outcome.deleted()) {
                deleted++;
                out.deleted(kept.get(i).path(), kept.get(i).length());
                String parent = parent(kept.get(i).path());
                if (parent != null && Snapshot.checkpointNumber(name(parent)) >= 0) {
                    checkpointFolders.add(parent);
                }
            }
        }
        progress.update(String.format("deleted %,d files", deleted));
    }

    /** What became of one orphan: deleted, left (gone, changed, referenced), or a failure. */
    private record Outcome(boolean deleted, String failure) {}

    private static Outcome delete(OrphanScan.Found orphan, long cutoff) {
        Path file = orphan.toPath();
        try {
            FileSystem fs = file.getFileSystem();
            FileStatus now = fs.getFileStatus(file);
            if (now.getModificationTime() != orphan.modified()
                    || now.getLen() != orphan.length()
                    || now.getModificationTime() > cutoff) {
                return new Outcome(false, null);
            }
            return fs.delete(file, false)
                    ? new Outcome(true, null)
                    : new Outcome(false, orphan.path());
        } catch (FileNotFoundException e) {
            return new Outcome(false, null); // gone meanwhile: nothing to do
        } catch (IOException | RuntimeException e) {
            // Object stores' clients throw unchecked exceptions too (presto's SdkClientException).
            return new Outcome(false, orphan.path() + " (" + Locations.oneLine(e) + ")");
        }
    }

    private static Outcome outcome(Future<Outcome> future, OrphanScan.Found orphan) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, orphan.path() + " (interrupted)");
        } catch (ExecutionException e) {
            return new Outcome(false, orphan.path() + " (" + Locations.oneLine(e.getCause()) + ")");
        }
    }

    private void deleteEmptiedFolders() {
        for (String text : checkpointFolders) {
            Path folder = new Path(text);
            try {
                FileSystem fs = folder.getFileSystem();
                FileStatus[] left = fs.listStatus(folder);
                if ((left == null || left.length == 0)
                        && !fs.exists(new Path(folder, Snapshot.METADATA_FILE))
                        && fs.delete(folder, false)) {
                    out.deleted(text + "/", 0);
                }
            } catch (IOException e) {
                out.failed(text + "/ (" + Locations.oneLine(e) + ")");
            }
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash > 0 ? path.substring(0, slash) : null;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
