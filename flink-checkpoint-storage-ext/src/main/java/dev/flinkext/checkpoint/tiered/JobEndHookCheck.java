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
import org.apache.flink.annotation.VisibleForTesting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Whether Flink created a job-end hook of the pack in this JVM ({@link JobEndReporterFactory}, or
 * on Flink 2.x the job status listener {@code JobEndListenerFactory}), and the one warning when a
 * tiered storage's first checkpoint monitor starts on a JobManager that has none: without the hook
 * nothing fails, but every ended job's figures, bean and threads stay until a garbage collection,
 * which on a quiet JobManager can be long after the job.
 *
 * <p>Both hooks are created before the first checkpoint of any job they serve (the 1.20 reporter
 * when the JobManager starts, the 2.x listener when the job's execution graph is built), so by the
 * time a monitor starts the answer is known. The state is static per copy of the pack's classes:
 * one warning per JobManager JVM with the pack in {@code lib/}; with the pack inside a job jar each
 * job's copy has its own (and on Flink 1.20 a job jar's copy can have no hook at all).
 */
@Internal
final class JobEndHookCheck {

    private static final Logger LOG = LoggerFactory.getLogger(JobEndHookCheck.class);

    /** The documentation page that explains the hooks (as the repository names it). */
    static final String DOCS = "docs/checkpoint-storage.md";

    /** This JVM's (this copy of the pack's classes'). */
    static final JobEndHookCheck JVM = new JobEndHookCheck();

    private volatile boolean installed;
    private final AtomicBoolean warned = new AtomicBoolean();

    @VisibleForTesting
    JobEndHookCheck() {}

    /** Flink created a job-end hook here: job ends reach {@link JobEnd}. */
    void installed() {
        installed = true;
    }

    boolean isInstalled() {
        return installed;
    }

    /**
     * A checkpoint monitor starts (on the JobManager, at a job's first checkpoint): warns, once,
     * when no hook was installed. Returns whether it warned.
     */
    boolean checkBeforeMonitor() {
        if (installed || !warned.compareAndSet(false, true)) {
            return false;
        }
        LOG.warn(warning());
        return true;
    }

    /** The warning up to the hook's keys: the same on both lines. */
    static final String WARNING_START =
            "The tiered checkpoint storage runs on this JobManager without a job-end hook: each"
                    + " ended job's figures, JMX bean"
                    + " (dev.flinkext:type=TieredCheckpointStorage,job=...) and threads stay until a"
                    + " garbage collection finds the job's checkpoint coordinator unreachable. To"
                    + " release them when the job ends, set in the cluster's configuration ";

    /** What the warning says: the key this line's cluster sets, and where to read more. */
    static String warning() {
        String hook =
                JobEndHookAdapter.hook().toMap().entrySet().stream()
                        .map(entry -> entry.getKey() + ": " + entry.getValue())
                        .collect(Collectors.joining(", "));
        return WARNING_START
                + hook
                + JobEndHookAdapter.where()
                + " (see "
                + DOCS
                + ", \"What it reports\"). Logged once.";
    }
}
