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

import dev.flinkext.testing.cluster.ClusterJobs;
import dev.flinkext.testing.cluster.FlinkProcess;
import dev.flinkext.testing.cluster.ProcessCluster;

import org.apache.flink.api.common.JobID;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What a cluster process holds, read over JMX: Flink user-code class loaders, the pack's beans. */
public final class JvmProbe {

    /** The class loaders Flink creates per job ({@code FlinkUserCodeClassLoaders}). */
    private static final Set<String> USER_CODE_LOADERS =
            Set.of(
                    "org.apache.flink.util.ChildFirstClassLoader",
                    "org.apache.flink.runtime.execution.librarycache.FlinkUserCodeClassLoaders$ParentFirstClassLoader");

    private JvmProbe() {}

    /**
     * Runs a full garbage collection in {@code process}, then counts the Flink user-code class
     * loaders that still have classes loaded (HotSpot's {@code VM.classloader_stats}).
     */
    public static long userCodeClassLoadersAfterGc(FlinkProcess process) throws Exception {
        return userCodeClassLoaderLines(process).size();
    }

    /** The {@code VM.classloader_stats} lines of Flink user-code class loaders, after a GC. */
    private static List<String> userCodeClassLoaderLines(FlinkProcess process) throws Exception {
        try (JMXConnector jmx = ClusterJobs.jmx(process)) {
            MBeanServerConnection beans = jmx.getMBeanServerConnection();
            beans.invoke(new ObjectName("java.lang:type=Memory"), "gc", null, null);
            String stats =
                    (String)
                            beans.invoke(
                                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                                    "vmClassloaderStats",
                                    new Object[] {null},
                                    new String[] {String[].class.getName()});
            return Arrays.stream(stats.split("\n"))
                    .map(String::trim)
                    .filter(line -> USER_CODE_LOADERS.stream().anyMatch(line::endsWith))
                    .collect(Collectors.toList());
        }
    }

    /**
     * While {@code job} runs: the JobManager holds its tiered storage's bean (the storage factory
     * loaded there) and every TaskManager running its tasks a user-code class loader.
     */
    public static void assertLoadedWhileRunning(ProcessCluster cluster, JobID job)
            throws Exception {
        assertThat(tieredStorageBeans(cluster.jobManager()))
                .as("the tiered storage's bean of %s on %s", job, cluster.jobManager())
                .anyMatch(name -> job.toHexString().equals(name.getKeyProperty("job")));
        for (FlinkProcess taskManager : cluster.taskManagers()) {
            assertThat(userCodeClassLoadersAfterGc(taskManager))
                    .as("user-code class loaders on %s while the job runs", taskManager)
                    .isPositive();
        }
    }

    /**
     * After the job's end: the JobManager keeps no tiered storage bean and no Flink user-code class
     * loader, once garbage is collected (waits until so, failing after {@code timeout}).
     *
     * <p>TaskManagers are not checked: there Flink 1.20 itself keeps a finished job's
     * ChildFirstClassLoader beyond 40 s even for a job that uses nothing of the pack (Flink's
     * hashmap backend and JobManager storage, measured on this cluster), so a TaskManager check
     * could not tell a leak of the pack from Flink's own behaviour.
     */
    public static void assertNothingLeftAfterTheJob(ProcessCluster cluster, Duration timeout)
            throws Exception {
        assertAtMostLeftAfterTheJob(cluster, timeout, 0);
    }

    /**
     * Like {@link #assertNothingLeftAfterTheJob}, but lets the JobManager keep up to {@code
     * loaders} user-code class loaders (no tiered storage bean, though).
     */
    public static void assertAtMostLeftAfterTheJob(
            ProcessCluster cluster, Duration timeout, int loaders) throws Exception {
        StringBuilder left = new StringBuilder();
        try {
            ClusterJobs.waitUntil(
                    "the JobManager holds at most "
                            + loaders
                            + " user-code class loader(s) and no tiered storage bean",
                    timeout,
                    () -> {
                        left.setLength(0);
                        Set<ObjectName> beans = tieredStorageBeans(cluster.jobManager());
                        if (!beans.isEmpty()) {
                            left.append(cluster.jobManager()).append(": ").append(beans);
                        }
                        List<String> held = userCodeClassLoaderLines(cluster.jobManager());
                        if (held.size() > loaders) {
                            left.append(' ').append(cluster.jobManager()).append(": ").append(held);
                        }
                        return left.length() == 0;
                    },
                    cluster);
        } catch (IllegalStateException timedOut) {
            throw new AssertionError(
                    "After the job's end and a full GC, still held: " + left, timedOut);
        }
    }

    /**
     * What {@code process} holds of the tiered storage for any of {@code jobs}: their beans and
     * their {@code flinkext-tiered-*} threads, read over JMX without a garbage collection.
     */
    public static List<String> tieredStorageHeldFor(FlinkProcess process, Collection<JobID> jobs)
            throws Exception {
        Set<String> ids = jobs.stream().map(JobID::toHexString).collect(Collectors.toSet());
        List<String> held = new ArrayList<>();
        try (JMXConnector jmx = ClusterJobs.jmx(process)) {
            MBeanServerConnection beans = jmx.getMBeanServerConnection();
            for (ObjectName bean :
                    beans.queryNames(
                            new ObjectName("dev.flinkext:type=TieredCheckpointStorage,*"), null)) {
                if (ids.contains(bean.getKeyProperty("job"))) {
                    held.add(bean.toString());
                }
            }
            ThreadMXBean threads =
                    ManagementFactory.newPlatformMXBeanProxy(
                            beans, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (thread != null
                        && thread.getThreadName().startsWith("flinkext-tiered-")
                        && ids.stream().anyMatch(thread.getThreadName()::endsWith)) {
                    held.add("thread " + thread.getThreadName());
                }
            }
        }
        return held;
    }

    /** The tiered storage's beans ({@code dev.flinkext:type=TieredCheckpointStorage,*}). */
    public static Set<ObjectName> tieredStorageBeans(FlinkProcess process) throws Exception {
        try (JMXConnector jmx = ClusterJobs.jmx(process)) {
            return jmx.getMBeanServerConnection()
                    .queryNames(
                            new ObjectName("dev.flinkext:type=TieredCheckpointStorage,*"), null);
        }
    }
}
