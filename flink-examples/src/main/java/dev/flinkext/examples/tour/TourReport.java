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
package dev.flinkext.examples.tour;

import org.apache.flink.annotation.Internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The file that {@code state-tour --report FILE} writes: every run in full, as JSON.
 *
 * @param params the shape every run had
 * @param checkpointRoot the folder under which each run had its checkpoint directory
 * @param verifiedRuns how many of the runs verified exactly
 * @param runs one entry per table row, in the table's order
 */
@Internal
public record TourReport(Params params, String checkpointRoot, int verifiedRuns, List<Run> runs) {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The report of a tour with these params, checkpoint root and runs. */
    public static TourReport of(TourParams params, Path checkpointRoot, List<RunReport> reports) {
        return of(params, checkpointRoot.toAbsolutePath().toString(), reports);
    }

    /** The report of a tour whose checkpoint root is a URI (HDFS, S3, ...) or a local path. */
    public static TourReport of(TourParams params, String checkpointRoot, List<RunReport> reports) {
        List<Run> runs = reports.stream().map(Run::of).toList();
        int verified = (int) runs.stream().filter(Run::verified).count();
        return new TourReport(Params.of(params), checkpointRoot, verified, runs);
    }

    /** Writes this report to {@code file} as indented JSON, replacing the file if it exists. */
    public void write(Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), this);
    }

    /** Reads a report that {@link #write} wrote. */
    public static TourReport read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), TourReport.class);
    }

    /** {@link TourParams} as written to the report, with the interval in milliseconds. */
    public record Params(
            long records,
            int keys,
            int partitions,
            int parallelism,
            long recordsPerSecond,
            long checkpointIntervalMillis,
            int quietCheckpoints,
            boolean injectFailure) {

        static Params of(TourParams p) {
            return new Params(
                    p.records(),
                    p.keys(),
                    p.partitions(),
                    p.parallelism(),
                    p.recordsPerSecond(),
                    p.checkpointInterval().toMillis(),
                    p.quietCheckpoints(),
                    p.injectFailure());
        }
    }

    /**
     * One run, unabridged: the table's row, the legend's entry, and the full paths and class names.
     *
     * @param label the row's label in the table, e.g. {@code #3 legacy-fs} or {@code #3 -> #7}
     * @param name the configuration's or migration's full name, as in the legend
     * @param configuredAs the code or keys the run was configured with, in full
     * @param stateBackend the state backend's class name as the JobManager resolved it
     * @param checkpointStorage the checkpoint storage's class name as the JobManager resolved it
     * @param checkpoints what the completed checkpoints uploaded and held
     * @param restore the checkpoint the run restored from, or null if it restored none
     * @param verified whether every key came out exactly right
     * @param verifiedKeys keys whose summary was exactly right
     * @param expectedKeys keys a correct run reports
     * @param problems what went wrong; empty when verified
     */
    public record Run(
            String label,
            String name,
            String configuredAs,
            String stateBackend,
            String checkpointStorage,
            Checkpoints checkpoints,
            Restore restore,
            boolean verified,
            int verifiedKeys,
            int expectedKeys,
            List<String> problems) {

        static Run of(RunReport r) {
            return new Run(
                    r.label(),
                    r.name(),
                    r.description(),
                    r.stateBackend(),
                    r.checkpointStorage(),
                    new Checkpoints(
                            r.completedCheckpoints(),
                            r.allCheckpointedBytes(),
                            r.allFullBytes(),
                            new LastCheckpoint(
                                    r.lastCheckpointedBytes(),
                                    r.lastFullBytes(),
                                    millis(r.lastCheckpointDuration()))),
                    r.restoredFrom() == null
                            ? null
                            : new Restore(
                                    r.restoredFrom(), r.restoredBytes(), millis(r.recovery())),
                    r.verified(),
                    r.verifiedKeys(),
                    r.expectedKeys(),
                    r.problems());
        }
    }

    /**
     * The run's completed checkpoints, failover included.
     *
     * @param completed how many completed
     * @param uploadedBytes bytes all of them uploaded together (incremental sizes)
     * @param fullBytes their full state sizes added up
     * @param last the last of them
     */
    public record Checkpoints(
            long completed, long uploadedBytes, long fullBytes, LastCheckpoint last) {}

    /**
     * The last completed checkpoint.
     *
     * @param uploadedBytes bytes it uploaded
     * @param fullBytes its full state size
     * @param durationMillis its end-to-end duration
     */
    public record LastCheckpoint(long uploadedBytes, long fullBytes, Long durationMillis) {}

    /**
     * The checkpoint or savepoint a run restored from.
     *
     * @param from its external path, or {@code chk-N (JobManager memory)} where it has none
     * @param fullBytes its full state size
     * @param recoveryMillis time from the injected failure to the restore; null where the run
     *     restored without a failure (a migration's second job)
     */
    public record Restore(String from, long fullBytes, Long recoveryMillis) {}

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }
}
