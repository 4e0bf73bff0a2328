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
package dev.flinkext.testing.cluster;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One JobManager or TaskManager JVM of a {@link ProcessCluster}. Every process started is
 * registered with a JVM shutdown hook that kills it, so that not even a test JVM that dies leaves
 * one behind.
 */
@PublicEvolving
public final class FlinkProcess {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> LIVE.forEach(FlinkProcess::destroy),
                                "flinkext-cluster-processes-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final int jmxPort;

    FlinkProcess(String name, Process process, Path log, int jmxPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.jmxPort = jmxPort;
        LIVE.add(process);
    }

    /** E.g. {@code jobmanager-1}, {@code taskmanager-3}. */
    public String name() {
        return name;
    }

    /** The process' log4j log file (its stdout and stderr are beside it, {@code .out}). */
    public Path log() {
        return log;
    }

    /** The port of the JVM's JMX connector on 127.0.0.1 (no authentication). */
    public int jmxPort() {
        return jmxPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * {@code kill -9}: {@link Process#destroyForcibly()} (SIGKILL), then waits until it is gone.
     */
    public void kill() {
        destroy(process);
        LIVE.remove(process);
    }

    private static void destroy(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
