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
package dev.flinkext.dist.testing;

import dev.flinkext.examples.cluster.ClusterTourJob;
import dev.flinkext.examples.tour.SummaryVerifier;
import dev.flinkext.testing.cluster.ClusterJobs;
import dev.flinkext.testing.cluster.ProcessCluster;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour's job ({@link ClusterTourJob}) on a {@link ProcessCluster}: the job jars flink-examples
 * builds, the sizes the ITCases use, and the exact-result check.
 */
public final class TourOnCluster {

    /** 500 keys, 24,000 events at 6,000/s: about four seconds of running job. */
    public static final int KEYS = 500;

    public static final long RECORDS = 24_000;
    public static final long RATE = 6_000;
    public static final Duration TIMEOUT = Duration.ofSeconds(90);

    private TourOnCluster() {}

    /** The pack's lib/ jar this module packaged. */
    public static Path distJar() {
        Path jar = Paths.get(System.getProperty("flinkext.dist.jar", "target/no-dist-jar.jar"));
        assertThat(jar).as("the packaged lib/ jar (mvn package)").isRegularFile();
        return jar;
    }

    /** The job jar without the pack (flink-examples' {@code -job.jar}). */
    public static Path jobJar() {
        return fromClasspath("-job.jar");
    }

    /** The job jar with the pack inside (flink-examples' {@code -job-with-pack.jar}). */
    public static Path jobJarWithPack() {
        return fromClasspath("-job-with-pack.jar");
    }

    private static Path fromClasspath(String suffix) {
        Optional<Path> jar =
                Arrays.stream(System.getProperty("java.class.path").split(":"))
                        .filter(entry -> entry.endsWith(suffix))
                        .map(Paths::get)
                        .findFirst();
        assertThat(jar).as("flink-examples' *" + suffix + " on the test classpath").isPresent();
        return jar.get();
    }

    /**
     * Checkpoints the source waits for after its last record before its input ends. A test that
     * kills a process after a completed checkpoint needs that checkpoint to precede the end of
     * input: a checkpoint taken after it (Flink's final checkpoint of a bounded job) holds the
     * state after every key's summary was emitted, and a job restored from it emits nothing. On a
     * loaded machine a slow job's first checkpoint can come only after the last record; with three
     * more to wait for, a kill right after it still finds the input open.
     */
    public static final int QUIET_CHECKPOINTS = 3;

    /** The job's arguments for {@code records} events at {@code rate} per second. */
    public static String[] args(long records, long rate) {
        return args(records, rate, QUIET_CHECKPOINTS);
    }

    /**
     * The job's arguments for {@code records} events at {@code rate} per second, the source then
     * waiting for {@code quietCheckpoints} checkpoints before its input ends.
     */
    public static String[] args(long records, long rate, int quietCheckpoints) {
        return new String[] {
            "--records",
            "" + records,
            "--keys",
            "" + KEYS,
            "--parallelism",
            "2",
            "--rate",
            "" + rate,
            "--quiet-checkpoints",
            "" + quietCheckpoints
        };
    }

    /** Submits the tour's job with the default sizes. */
    public static JobID submit(ProcessCluster cluster, Path jobJar, Configuration jobConfig)
            throws Exception {
        return cluster.submit(jobJar, jobConfig, args(RECORDS, RATE));
    }

    /**
     * Submits the tour's job whose input does not end while the job lives: after its last record
     * the source waits for a million more checkpoints ({@code --quiet-checkpoints}). Every
     * checkpoint of that job is taken before the end of input, with every key's timer still
     * registered, which is what a job resubmitted from its latest checkpoint needs to emit every
     * summary. For a job that a test kills; a job resubmitted from its checkpoint with {@link
     * #submit} ends ({@link #QUIET_CHECKPOINTS} after its last record).
     */
    public static JobID submitWithInputOpen(
            ProcessCluster cluster, Path jobJar, Configuration jobConfig) throws Exception {
        return cluster.submit(jobJar, jobConfig, args(RECORDS, RATE, 1_000_000));
    }

    /** Waits for the job's end and checks that every key's summary is exact. */
    public static void assertExact(ClusterJobs jobs, JobID job) throws Exception {
        JobExecutionResult result = jobs.result(job, TIMEOUT);
        List<String> mismatches = result.getAccumulatorResult(SummaryVerifier.MISMATCHES);
        Integer verified = result.getAccumulatorResult(SummaryVerifier.VERIFIED_KEYS);
        assertThat(mismatches).as("keys whose summary was wrong").isEmpty();
        assertThat(verified).as("keys whose summary matched exactly").isEqualTo(KEYS);
    }

    /**
     * The newest {@code chk-N} folder of {@code job} under {@code checkpoints} with a _metadata.
     */
    public static Path latestCheckpoint(Path checkpoints, JobID job) throws Exception {
        try (Stream<Path> dirs = Files.list(checkpoints.resolve(job.toHexString()))) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("chk-"))
                    .filter(dir -> Files.exists(dir.resolve("_metadata")))
                    .max(
                            (a, b) ->
                                    Long.compare(
                                            number(a.getFileName().toString()),
                                            number(b.getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint of " + job));
        }
    }

    private static long number(String chk) {
        return Long.parseLong(chk.substring("chk-".length()));
    }
}
