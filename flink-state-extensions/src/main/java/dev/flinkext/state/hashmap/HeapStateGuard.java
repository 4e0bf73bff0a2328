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
package dev.flinkext.state.hashmap;

import dev.flinkext.state.instrumented.StateMetrics;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Adds up the estimated heap state of every instrumented heap backend in this JVM (a TaskManager;
 * in a MiniCluster, all of them) and acts at the limits: a warning at the soft limit, a failed task
 * at the hard limit, with the largest states named.
 *
 * <p>Adding up reads every state's entry count, which sums one map per key group, so it costs in
 * proportion to the states and key groups of the TaskManager. It therefore runs on a clock ({@link
 * #afterSample}): a sampled access checks at most once per {@link
 * HeapStateGuardOptions#CHECK_INTERVAL}, and otherwise reads the clock only. State can only grow
 * through writes, and writes are sampled, so the first sampled access after the interval catches
 * what was written since the last check. A backend created or disposed makes the next sampled
 * access check at once (a restored task is not failed, nor spared, on a stale total), and while the
 * total is past the hard limit every sampled access checks again, so each fails with the named
 * error until the total drops.
 */
@Internal
final class HeapStateGuard {

    private static final Logger LOG = LoggerFactory.getLogger(HeapStateGuard.class);

    /** Level reported while the estimate is below the soft limit. */
    static final int OK = 0;

    static final int SOFT_LIMIT_PASSED = 1;
    static final int HARD_LIMIT_PASSED = 2;

    private static final HeapStateGuard JVM_WIDE = new HeapStateGuard();

    private final Set<StateMetrics> states = ConcurrentHashMap.newKeySet();
    private volatile int level = OK;

    /** {@link System#nanoTime()} from which on the next sampled access checks. */
    private volatile long nextCheckNanos = System.nanoTime();

    /** The guard of this JVM. */
    static HeapStateGuard instance() {
        return JVM_WIDE;
    }

    void register(StateMetrics state) {
        states.add(state);
        checkAtNextSample();
    }

    /**
     * Removes a disposed backend's states and sets the level from what is left, so that the level
     * metric does not report a limit that was passed by state that is gone.
     */
    void release(Collection<StateMetrics> released, HeapStateGuardSettings settings) {
        for (StateMetrics state : released) {
            states.remove(state);
        }
        if (settings.enabled()) {
            long estimate = estimatedHeapBytes(settings.objectOverhead());
            level =
                    estimate > settings.hardLimitBytes()
                            ? HARD_LIMIT_PASSED
                            : estimate > settings.softLimitBytes() ? SOFT_LIMIT_PASSED : OK;
        }
        checkAtNextSample();
    }

    /** Makes the next sampled access check, whatever the clock says. */
    void checkAtNextSample() {
        nextCheckNanos = System.nanoTime();
    }

    /**
     * Runs after every sampled access of an instrumented heap state, on the task thread: checks if
     * the check interval has passed since the last check, or the hard limit was passed at it.
     *
     * @param now {@link System#nanoTime()} at the end of the sampled access
     */
    void afterSample(HeapStateGuardSettings settings, long now) {
        if (now - nextCheckNanos < 0 && level != HARD_LIMIT_PASSED) {
            return;
        }
        nextCheckNanos = now + settings.checkIntervalNanos();
        check(settings);
    }

    /** Estimated heap bytes of all registered states, serialized estimate times the overhead. */
    long estimatedHeapBytes(double objectOverhead) {
        long serialized = 0;
        for (StateMetrics state : states) {
            serialized += state.estimatedSizeBytes();
        }
        return (long) (serialized * objectOverhead);
    }

    /** 0 below the soft limit, 1 past it, 2 past the hard limit. */
    int level() {
        return level;
    }

    /** Checks the estimate against the limits; throws past the hard limit. */
    void check(HeapStateGuardSettings settings) {
        long estimate = estimatedHeapBytes(settings.objectOverhead());
        if (estimate > settings.hardLimitBytes()) {
            level = HARD_LIMIT_PASSED;
            throw new HeapStateSizeExceededException(
                    "The heap state of this TaskManager is estimated at "
                            + human(estimate)
                            + ", above the hard limit of "
                            + human(settings.hardLimitBytes())
                            + " ('"
                            + HeapStateGuardOptions.HARD_LIMIT.key()
                            + "'), so the task fails now rather than the JVM running out of memory"
                            + " later. Largest states: "
                            + largestStates(settings.objectOverhead())
                            + ". Keep large state in RocksDB ('"
                            + StateBackendOptions.STATE_BACKEND.key()
                            + ": "
                            + HeapStateGuardOptions.ROCKSDB_FACTORY
                            + "'), give the TaskManagers more heap, or raise the limit.");
        }
        if (estimate > settings.softLimitBytes()) {
            if (level == OK) {
                LOG.warn(
                        "The heap state of this TaskManager is estimated at {}, above the soft"
                                + " limit of {} ('{}'); the task fails at {} ('{}'). Largest"
                                + " states: {}.",
                        human(estimate),
                        human(settings.softLimitBytes()),
                        HeapStateGuardOptions.SOFT_LIMIT.key(),
                        human(settings.hardLimitBytes()),
                        HeapStateGuardOptions.HARD_LIMIT.key(),
                        largestStates(settings.objectOverhead()));
            }
            level = SOFT_LIMIT_PASSED;
        } else {
            level = OK;
        }
    }

    private String largestStates(double objectOverhead) {
        return states.stream()
                .sorted(Comparator.comparingLong(StateMetrics::estimatedSizeBytes).reversed())
                .limit(3)
                .map(
                        s ->
                                "'"
                                        + s.stateName()
                                        + "' ("
                                        + human((long) (s.estimatedSizeBytes() * objectOverhead))
                                        + " in "
                                        + s.estimatedEntries()
                                        + " entries)")
                .collect(Collectors.joining(", "));
    }

    private static String human(long bytes) {
        return new MemorySize(Math.max(0, bytes)).toHumanReadableString();
    }
}
