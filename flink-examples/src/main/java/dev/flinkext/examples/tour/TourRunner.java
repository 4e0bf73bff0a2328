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
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the {@link TourJob} on a {@link MiniCluster} under one {@link TourConfiguration} and reads
 * back what Flink resolved and measured, from the JobManager's archived execution graph.
 */
@Internal
public final class TourRunner {

    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    /** Ends {@link RunReport#restoredFrom()} for a checkpoint that has no path. */
    static final String IN_JOBMANAGER_MEMORY = " (JobManager memory)";

    private final MiniCluster cluster;
    private final TourParams params;
    private final String checkpointRoot;
    private final PrintStream progress;

    /** Runs with their checkpoint directories under a local folder. */
    public TourRunner(
            MiniCluster cluster, TourParams params, Path checkpointRoot, PrintStream progress) {
        this(cluster, params, checkpointRoot.toUri().toString(), progress);
    }

    /**
     * Runs with their checkpoint directories under {@code checkpointRoot}, a URI on any Flink
     * filesystem (e.g. {@code hdfs://namenode:8020/flink/tour}, {@code s3://bucket/tour}, {@code
     * file:///tmp/tour}); each run's directory is {@code <checkpointRoot>/<configuration name>}.
     */
    public TourRunner(
            MiniCluster cluster, TourParams params, String checkpointRoot, PrintStream progress) {
        this.cluster = cluster;
        this.params = params;
        String root = checkpointRoot;
        while (root.endsWith("/") && !root.endsWith("//")) {
            root = root.substring(0, root.length() - 1);
        }
        this.checkpointRoot = root;
        this.progress = progress;
    }

    /** Runs the tour under {@code configuration}, failing once after a checkpoint if asked to. */
    public RunReport run(TourConfiguration configuration) throws Exception {
        return run(configuration, new AllKeyedStatesFunction());
    }

    /**
     * Runs the tour under {@code configuration} with {@code extra} keys on top (a {@code
     * flink-conf.yaml} a user adds to, e.g. the tiered storage's archive directory).
     */
    public RunReport run(TourConfiguration configuration, Configuration extra) throws Exception {
        return run(configuration, new AllKeyedStatesFunction(), extra);
    }

    RunReport run(TourConfiguration configuration, AllKeyedStatesFunction keyedStates)
            throws Exception {
        return run(configuration, keyedStates, new Configuration());
    }

    private RunReport run(
            TourConfiguration configuration,
            AllKeyedStatesFunction keyedStates,
            Configuration extra)
            throws Exception {
        String dir = directoryFor(configuration.name());
        JobGraph job = jobGraph(configuration, dir, params, extra, keyedStates);
        return execute(
                new Run(configuration.label(), configuration.name(), configuration.description()),
                job,
                params.keys());
    }

    /**
     * Proves a migration: runs under {@code from} until the injected failure, with no restarts and
     * checkpoints retained, then restores the retained checkpoint in a new job under {@code to} and
     * checks the exact results.
     */
    public RunReport migrate(Migration migration) throws Exception {
        Run run = new Run(migration.label(), migration.toString(), migration.description());
        String retained;
        try {
            retained = retain(migration.from(), migration.directoryName(), run.label());
        } catch (FirstJobException e) {
            return failed(run, e.getMessage());
        }
        return restoreInto(migration.to(), migration.directoryName(), retained, null, run);
    }

    /**
     * Proves a migration through a savepoint: runs under its {@code from} configuration, takes a
     * savepoint of the given format while the job runs and cancels it, then restores the savepoint
     * in a new job under its {@code to} configuration, in the given restore mode (Flink 1.20's
     * {@code RestoreMode} or 2.x's {@code RecoveryClaimMode}), and checks the exact results.
     */
    public RunReport migrateBySavepoint(
            Migration migration, SavepointFormatType format, Enum<?> restoreMode) throws Exception {
        Run run =
                new Run(
                        migration.label() + " savepoint",
                        migration + " (" + format + " savepoint, " + restoreMode + ")",
                        migration.description());
        String savepoint;
        try {
            savepoint =
                    savepoint(
                            migration.from(),
                            migration.directoryName() + "-" + format,
                            format,
                            run.label());
        } catch (FirstJobException e) {
            return failed(run, e.getMessage());
        }
        return restoreInto(migration.to(), migration.directoryName(), savepoint, restoreMode, run);
    }

    /**
     * Runs under {@code configuration} (in {@code <root>/<directoryName>}) until the injected
     * failure, with no restarts and checkpoints retained, and returns the path of the checkpoint
     * the failed job retained: the first half of {@link #migrate}, for a restore in another job,
     * another cluster or another Flink version ({@link #restore}).
     *
     * @throws FirstJobException if the job did not fail as injected or retained no checkpoint
     */
    public String retain(TourConfiguration configuration, String directoryName, String label)
            throws Exception {
        Configuration retain = new Configuration();
        retain.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        retain.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        JobGraph first =
                jobGraph(
                        configuration,
                        directoryFor(directoryName),
                        params.withInjectedFailure(true),
                        retain,
                        new AllKeyedStatesFunction());
        JobID firstId = submitAndAwait(first, label + " (first job, " + configuration.name() + ")");
        AccessExecutionGraph firstGraph = cluster.getArchivedExecutionGraph(firstId).get();
        if (firstGraph.getState() != JobStatus.FAILED) {
            throw new FirstJobException("first job ended " + firstGraph.getState());
        }
        CompletedCheckpointStats retained =
                firstGraph.getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
        if (retained == null || retained.getExternalPath() == null) {
            throw new FirstJobException("first job retained no checkpoint");
        }
        return retained.getExternalPath();
    }

    /**
     * Runs under {@code configuration} (in {@code <root>/<directoryName>}) without a failure, takes
     * a savepoint of {@code format} after the first checkpoint, cancels the job and returns the
     * savepoint's path: the first half of {@link #migrateBySavepoint}.
     *
     * @throws FirstJobException if the job ended before its first checkpoint
     */
    public String savepoint(
            TourConfiguration configuration,
            String directoryName,
            SavepointFormatType format,
            String label)
            throws Exception {
        String dir = directoryFor(directoryName);
        JobGraph first =
                jobGraph(
                        configuration,
                        dir,
                        params.withInjectedFailure(false),
                        new Configuration(),
                        new AllKeyedStatesFunction());
        JobID firstId = cluster.submitJob(first).get().getJobID();
        progress.printf("  running %s (first job, %s) ...%n", label, configuration.name());
        while (checkpointsSoFar(firstId) < 1) {
            if (cluster.getJobStatus(firstId).get().isTerminalState()) {
                throw new FirstJobException("first job ended before its first checkpoint");
            }
            Thread.sleep(20);
        }
        String savepoint =
                cluster.triggerSavepoint(firstId, dir + "/savepoints", true, format).get();
        cluster.requestJobResult(firstId).get();
        return savepoint;
    }

    /**
     * Restores the checkpoint or savepoint at {@code path} (written by {@link #retain} or {@link
     * #savepoint}, by this runner or another one, of this Flink version or another) in a new job
     * under {@code configuration}, without a failure, and checks the exact results. {@code label}
     * and {@code name} name the run in the table and its legend.
     */
    public RunReport restore(
            TourConfiguration configuration, String path, String label, String name)
            throws Exception {
        return restoreInto(
                configuration,
                configuration.name(),
                path,
                null,
                new Run(label, name, configuration.description()));
    }

    private RunReport restoreInto(
            TourConfiguration to, String directoryName, String path, Enum<?> restoreMode, Run run)
            throws Exception {
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        // Flink 1.20's RestoreMode became RecoveryClaimMode in 2.0, with the same constants and
        // key: set by name, Flink parses it into the line's type. Null: Flink's default, NO_CLAIM.
        String mode = restoreMode == null ? "NO_CLAIM" : restoreMode.name();
        restore.setString(StateRecoveryOptions.RESTORE_MODE.key(), mode);
        JobGraph second =
                jobGraph(
                        to,
                        directoryFor(directoryName + "-restored-" + mode),
                        params.withInjectedFailure(false),
                        restore,
                        new AllKeyedStatesFunction());
        return execute(run, second, params.keys());
    }

    private JobGraph jobGraph(
            TourConfiguration configuration,
            String dir,
            TourParams runParams,
            Configuration extra,
            AllKeyedStatesFunction keyedStates)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, runParams.checkpointInterval());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        configuration.configure(conf, dir);
        conf.addAll(extra);
        conf = ConfigurationFile.load(conf, dir, progress);

        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        configuration.applyInCode(env, dir);
        TourJob.build(env, runParams, keyedStates);
        // The same translation that env.execute() does, so that configuration-only settings
        // reach the JobGraph exactly as they would on a real submission.
        return JobGraphs.of(env, conf);
    }

    private RunReport execute(Run run, JobGraph job, int expectedKeys) throws Exception {
        JobID id = submitAndAwait(job, run.label() + " (" + run.name() + ")");
        JobResult result = cluster.requestJobResult(id).get();
        AccessExecutionGraph graph = cluster.getArchivedExecutionGraph(id).get();
        CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
        CompletedCheckpointStats last = stats.getHistory().getLatestCompletedCheckpoint();
        RestoredCheckpointStats restored = stats.getLatestRestoredCheckpoint();

        List<String> problems = new ArrayList<>();
        int verified = 0;
        try {
            JobExecutionResult execution =
                    result.toJobExecutionResult(Thread.currentThread().getContextClassLoader());
            Integer counted = execution.getAccumulatorResult(SummaryVerifier.VERIFIED_KEYS);
            verified = counted == null ? 0 : counted;
            List<String> mismatches = execution.getAccumulatorResult(SummaryVerifier.MISMATCHES);
            if (mismatches != null) {
                problems.addAll(mismatches);
            }
            if (verified + problems.size() < expectedKeys) {
                problems.add(
                        (expectedKeys - verified)
                                + " of "
                                + expectedKeys
                                + " keys wrong or missing");
            }
        } catch (Exception e) {
            problems.add("job failed: " + rootMessage(e));
        }

        return new RunReport(
                run.label(),
                run.name(),
                run.description(),
                graph.getStateBackendName().orElse("?"),
                graph.getCheckpointStorageName().orElse("?"),
                stats.getCounts().getNumberOfCompletedCheckpoints(),
                last == null ? 0 : last.getCheckpointedSize(),
                last == null ? 0 : last.getStateSize(),
                stats.getSummaryStats().getCheckpointedSize().getSum(),
                stats.getSummaryStats().getStateSizeStats().getSum(),
                last == null ? Duration.ZERO : Duration.ofMillis(last.getEndToEndDuration()),
                recoveryTime(graph.getFailureInfo(), restored),
                restored == null ? null : restoredFrom(restored),
                restored == null ? 0 : restored.getStateSize(),
                verified,
                expectedKeys,
                List.copyOf(problems));
    }

    /** The restored checkpoint's path, or its id where it lived in the JobManager's memory. */
    private static String restoredFrom(RestoredCheckpointStats restored) {
        String path = restored.getExternalPath();
        boolean addressable = path != null && !path.startsWith("<");
        return addressable ? path : "chk-" + restored.getCheckpointId() + IN_JOBMANAGER_MEMORY;
    }

    /** Time from the (last) failure to the restore that followed it. */
    private static Duration recoveryTime(ErrorInfo failure, RestoredCheckpointStats restored) {
        if (failure == null || restored == null) {
            return null;
        }
        long millis = restored.getRestoreTimestamp() - failure.getTimestamp();
        return millis >= 0 ? Duration.ofMillis(millis) : null;
    }

    private JobID submitAndAwait(JobGraph job, String label) throws Exception {
        long start = System.nanoTime();
        JobID id = cluster.submitJob(job).get().getJobID();
        progress.printf("  running %s ...%n", label);
        var result = cluster.requestJobResult(id);
        while (true) {
            try {
                result.get(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                return id;
            } catch (TimeoutException stillRunning) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                long checkpoints = checkpointsSoFar(id);
                progress.printf("    ... %ds, %d checkpoints completed%n", seconds, checkpoints);
            }
        }
    }

    private long checkpointsSoFar(JobID id) {
        try {
            return cluster.getArchivedExecutionGraph(id)
                    .get()
                    .getCheckpointStatsSnapshot()
                    .getCounts()
                    .getNumberOfCompletedCheckpoints();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException e) {
            return -1;
        }
    }

    private String directoryFor(String name) {
        return checkpointRoot + "/" + name;
    }

    private RunReport failed(Run run, String problem) {
        return new RunReport(
                run.label(),
                run.name(),
                run.description(),
                "?",
                "?",
                0,
                0,
                0,
                0,
                0,
                Duration.ZERO,
                null,
                null,
                0,
                0,
                params.keys(),
                List.of(problem));
    }

    /** How a run is named in the progress lines, the table and its legend. */
    private record Run(String label, String name, String description) {}

    /** The first job of a migration did not end as it must: the message says how it ended. */
    @PublicEvolving
    public static final class FirstJobException extends Exception {
        private static final long serialVersionUID = 1L;

        FirstJobException(String message) {
            super(message);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = ExceptionUtils.stripExecutionException(t);
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
