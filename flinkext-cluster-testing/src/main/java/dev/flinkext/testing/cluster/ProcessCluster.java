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
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.util.FileUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Flink session cluster of separate JVMs on loopback, without flink-dist: one JobManager ({@link
 * StandaloneSessionClusterEntrypoint}) and TaskManagers ({@link TaskManagerRunner}), each its own
 * process with its own heap and managed memory, started from {@code conf/config.yaml} of a "Flink
 * home" folder whose {@code lib/} is on their classpath (put the pack's jar there, or not), beside
 * the Flink jars Maven resolved for the calling JVM. Logs go to a folder of their own. Jobs are
 * submitted as job jars through {@link RestClusterClient}, as {@code flink run} does ({@link
 * ClusterJobs}).
 *
 * <p>{@link #close()} kills every process it started; a JVM shutdown hook does too.
 */
@PublicEvolving
public final class ProcessCluster implements AutoCloseable {

    /**
     * The system property that holds the {@code --add-opens} flags Flink needs on Java 17 (both
     * lines), as Flink's own config.yaml passes them: the build sets it from the root pom's {@code
     * flinkext.jvm.opens} for every test JVM and the cluster demo.
     */
    public static final String JVM_OPENS_PROPERTY = "flinkext.jvm.opens";

    /** The flags of {@link #JVM_OPENS_PROPERTY}, for a JVM this process starts. */
    public static List<String> jvmOpens() {
        String flags = System.getProperty(JVM_OPENS_PROPERTY);
        if (flags == null || flags.isBlank()) {
            throw new IllegalStateException(
                    "System property "
                            + JVM_OPENS_PROPERTY
                            + " is not set: it holds the --add-opens flags Flink's JVMs need on"
                            + " Java 17. Run through Maven, which sets it from the root pom.");
        }
        return List.of(flags.strip().split("\\s+"));
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The ports {@link #freePort()} hands out: below the ephemeral range (Linux 32768-60999,
     * Windows and macOS from 49152), from which the processes' port-0 binds and every outgoing
     * connection draw theirs.
     */
    static final int FIRST_PORT = 10_000;

    static final int LAST_PORT = 32_767;

    private static final Random RANDOM = new Random();

    private final Path home;
    private final Path logs;
    private final Configuration config;
    private final int taskManagers;
    private final List<FlinkProcess> runningTaskManagers = new ArrayList<>();
    private FlinkProcess jobManager;
    private RestClusterClient<StandaloneClusterId> client;
    private int jobManagersStarted;
    private int taskManagersStarted;

    private ProcessCluster(Builder builder) throws IOException {
        this.home = builder.home;
        this.logs = builder.logs;
        this.taskManagers = builder.taskManagers;
        this.config = defaults(builder.slots);
        this.config.addAll(builder.config);
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("tmp"));
        // A previous run's logs would mix with this run's.
        FileUtils.deleteDirectoryQuietly(logs.toFile());
        Files.createDirectories(logs);
        for (Path jar : builder.libJars) {
            Files.copy(jar, home.resolve("lib").resolve(jar.getFileName()));
        }
        config.set(CoreOptions.TMP_DIRS, home.resolve("tmp").toString());
        writeConfig();
        writeLog4jConfig();
    }

    /** A cluster whose Flink home (conf/, lib/, plugins/) is {@code home}, logs in {@code logs}. */
    public static Builder builder(Path home, Path logs) {
        return new Builder(home, logs);
    }

    /** Starts the JobManager and the TaskManagers and waits until all are registered. */
    public ProcessCluster start() throws Exception {
        // All at once: TaskManagers retry until the JobManager is up.
        launchJobManager();
        for (int i = 0; i < taskManagers; i++) {
            startTaskManager();
        }
        awaitJobManager();
        awaitTaskManagers(taskManagers);
        return this;
    }

    /** The cluster's configuration, as written to {@code conf/config.yaml}. */
    public Configuration configuration() {
        return new Configuration(config);
    }

    public Path home() {
        return home;
    }

    public Path logs() {
        return logs;
    }

    public FlinkProcess jobManager() {
        return jobManager;
    }

    /** The TaskManagers running now, oldest first. */
    public List<FlinkProcess> taskManagers() {
        return List.copyOf(runningTaskManagers);
    }

    /** Starts a JobManager (after {@link #killJobManager()}: a new one on the same ports). */
    public FlinkProcess startJobManager() throws Exception {
        launchJobManager();
        awaitJobManager();
        return jobManager;
    }

    private void launchJobManager() throws IOException {
        jobManager =
                launch(
                        "jobmanager-" + (++jobManagersStarted),
                        StandaloneSessionClusterEntrypoint.class,
                        List.of("-Xmx256m", "-XX:MaxMetaspaceSize=256m"));
    }

    private void awaitJobManager() throws Exception {
        ClusterJobs.waitUntil(
                "the JobManager's REST endpoint answers",
                START_TIMEOUT,
                () -> client().getClusterOverview().get(5, TimeUnit.SECONDS) != null,
                this);
    }

    /** {@code kill -9} of the JobManager. */
    public void killJobManager() {
        jobManager.kill();
    }

    /** Starts one more TaskManager (it registers with the JobManager by itself). */
    public FlinkProcess startTaskManager() throws IOException {
        String name = "taskmanager-" + (++taskManagersStarted);
        MemorySize frameworkOffHeap = config.get(TaskManagerOptions.FRAMEWORK_OFF_HEAP_MEMORY);
        MemorySize network = config.get(TaskManagerOptions.NETWORK_MEMORY_MAX);
        long heapMb =
                (config.get(TaskManagerOptions.FRAMEWORK_HEAP_MEMORY).getBytes()
                                + config.get(TaskManagerOptions.TASK_HEAP_MEMORY).getBytes())
                        >> 20;
        long directMb = (frameworkOffHeap.getBytes() + network.getBytes()) >> 20;
        FlinkProcess process =
                launch(
                        name,
                        TaskManagerRunner.class,
                        List.of(
                                "-Xmx" + heapMb + "m",
                                "-XX:MaxDirectMemorySize=" + directMb + "m",
                                "-XX:MaxMetaspaceSize=256m"),
                        "-D",
                        TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key() + "=" + name);
        runningTaskManagers.add(process);
        return process;
    }

    /** {@code kill -9} of the {@code index}th running TaskManager; returns the killed one. */
    public FlinkProcess killTaskManager(int index) {
        FlinkProcess victim = runningTaskManagers.remove(index);
        victim.kill();
        return victim;
    }

    /** Waits until the JobManager counts {@code count} registered TaskManagers. */
    public void awaitTaskManagers(int count) throws Exception {
        ClusterJobs.waitUntil(
                count + " TaskManagers registered",
                START_TIMEOUT,
                () ->
                        client().getClusterOverview()
                                        .get(5, TimeUnit.SECONDS)
                                        .getNumTaskManagersConnected()
                                == count,
                this);
    }

    /** The REST client of the JobManager (created once; it survives a JobManager restart). */
    public synchronized RestClusterClient<StandaloneClusterId> client() throws Exception {
        if (client == null) {
            client =
                    new RestClusterClient<>(
                            new Configuration(config), StandaloneClusterId.getInstance());
        }
        return client;
    }

    /**
     * Submits {@code jobJar} as {@code flink run} does: the JobGraph is built here from the jar's
     * main class (Flink's {@link PackagedProgram}, with the cluster's configuration plus {@code
     * jobConfig}, e.g. {@code execution.state-recovery.path}), and the jar goes with it as a user
     * jar.
     */
    public JobID submit(Path jobJar, Configuration jobConfig, String... args) throws Exception {
        Configuration conf = new Configuration(config);
        conf.addAll(jobConfig);
        PackagedProgram program =
                PackagedProgram.newBuilder()
                        .setJarFile(jobJar.toFile())
                        .setArguments(args)
                        .setConfiguration(conf)
                        .setSavepointRestoreSettings(
                                SavepointRestoreSettings.fromConfiguration(conf))
                        .build();
        try {
            JobGraph jobGraph =
                    PackagedProgramUtils.createJobGraph(
                            program, conf, conf.get(CoreOptions.DEFAULT_PARALLELISM), false);
            return client().submitJob(jobGraph).get();
        } finally {
            program.close();
        }
    }

    /** Kills every process and closes the client. */
    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        runningTaskManagers.forEach(FlinkProcess::kill);
        runningTaskManagers.clear();
        if (jobManager != null) {
            jobManager.kill();
        }
    }

    private FlinkProcess launch(String name, Class<?> main, List<String> memory, String... args)
            throws IOException {
        int jmxPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(memory);
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOpens());
        command.add("-Dlog.file=" + logs.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + home.resolve("conf/log4j.properties").toUri());
        command.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
        command.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
        command.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
        command.add("-Djava.rmi.server.hostname=127.0.0.1");
        command.add("-Dcom.sun.management.jmxremote.authenticate=false");
        command.add("-Dcom.sun.management.jmxremote.ssl=false");
        command.add("-classpath");
        command.add(classpath());
        command.add(main.getName());
        command.add("--configDir");
        command.add(home.resolve("conf").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("FLINK_CONF_DIR", home.resolve("conf").toString());
        builder.environment().put("FLINK_PLUGINS_DIR", home.resolve("plugins").toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(logs.resolve(name + ".out").toFile());
        return new FlinkProcess(name, builder.start(), logs.resolve(name + ".log"), jmxPort);
    }

    private String classpath() throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            lib.sorted().forEach(jar -> entries.add(jar.toString()));
        }
        ClusterClasspath.withoutFlinkext().forEach(path -> entries.add(path.toString()));
        return String.join(":", entries);
    }

    private void writeConfig() throws IOException {
        Map<String, String> sorted = new TreeMap<>(config.toMap());
        StringBuilder yaml = new StringBuilder("# Written by flinkext's ProcessCluster\n");
        sorted.forEach(
                (key, value) -> yaml.append(key).append(": ").append(quote(value)).append('\n'));
        Files.writeString(home.resolve("conf/config.yaml"), yaml, StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private void writeLog4jConfig() throws IOException {
        Files.writeString(
                home.resolve("conf/log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.append = true",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        "logger.pekko.name = org.apache.pekko",
                        "logger.pekko.level = WARN",
                        ""),
                StandardCharsets.UTF_8);
    }

    private static Configuration defaults(int slots) throws IOException {
        String loopback = InetAddress.getLoopbackAddress().getHostAddress();
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.ADDRESS, loopback);
        conf.set(JobManagerOptions.BIND_HOST, loopback);
        conf.set(JobManagerOptions.PORT, freePort());
        conf.set(RestOptions.ADDRESS, loopback);
        conf.set(RestOptions.BIND_ADDRESS, loopback);
        conf.set(RestOptions.PORT, freePort());
        conf.set(TaskManagerOptions.HOST, loopback);
        conf.set(TaskManagerOptions.BIND_HOST, loopback);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        conf.set(TaskManagerOptions.CPU_CORES, (double) slots);
        conf.set(TaskManagerOptions.FRAMEWORK_HEAP_MEMORY, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.TASK_HEAP_MEMORY, MemorySize.parse("128m"));
        conf.set(TaskManagerOptions.FRAMEWORK_OFF_HEAP_MEMORY, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.TASK_OFF_HEAP_MEMORY, MemorySize.ZERO);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
        conf.set(TaskManagerOptions.JVM_METASPACE, MemorySize.parse("256m"));
        // TaskManagerRunner, started without Flink's scripts, needs the overhead fixed.
        conf.set(TaskManagerOptions.JVM_OVERHEAD_MIN, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.JVM_OVERHEAD_MAX, MemorySize.parse("64m"));
        // A killed process is noticed within seconds, not the default 50 s.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(4));
        // A TaskManager whose JobManager died tries the new one every second, not every 10 s.
        conf.set(ClusterOptions.ERROR_REGISTRATION_DELAY, Duration.ofSeconds(1));
        // Slots spread over the TaskManagers (1.20's deprecated cluster.evenly-spread-out-slots).
        conf.set(
                TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE,
                TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 30);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        conf.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(200));
        conf.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ofMillis(100));
        return conf;
    }

    /**
     * A range {@code "a-b"} of {@code count} consecutive ports free on loopback now, e.g. for
     * {@code metrics.reporter.prom.port} (each process takes the first free one).
     */
    public static String freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = FIRST_PORT + RANDOM.nextInt(LAST_PORT - FIRST_PORT - count + 2);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                free = bindable(port);
            }
            if (free) {
                return first + "-" + (first + count - 1);
            }
        }
        throw new IOException("No " + count + " consecutive free ports on loopback");
    }

    /**
     * A port free on loopback now, for a process that binds it seconds later. It is drawn from
     * {@link #FIRST_PORT}..{@link #LAST_PORT}, below the ephemeral range, so that neither the
     * processes' own port-0 binds nor the local ends of outgoing connections (of this or another
     * cluster started beside it, e.g. the other Flink line's under {@code mvn -T 2}) take it
     * meanwhile.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = FIRST_PORT + RANDOM.nextInt(LAST_PORT - FIRST_PORT + 1);
            if (bindable(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(
                new IOException("No free port on loopback in " + FIRST_PORT + "-" + LAST_PORT));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Configures a {@link ProcessCluster}. */
    @PublicEvolving
    public static final class Builder {
        private final Path home;
        private final Path logs;
        private final Configuration config = new Configuration();
        private final List<Path> libJars = new ArrayList<>();
        private int taskManagers = 2;
        private int slots = 2;

        private Builder(Path home, Path logs) {
            this.home = home;
            this.logs = logs;
        }

        /** The Flink home the cluster will have (e.g. for a checkpoint folder inside it). */
        public Path home() {
            return home;
        }

        /** Copies {@code jar} into the cluster's {@code lib/} (e.g. the pack's lib/ jar). */
        public Builder libJar(Path jar) {
            libJars.add(jar);
            return this;
        }

        public Builder taskManagers(int count) {
            this.taskManagers = count;
            return this;
        }

        public Builder slotsPerTaskManager(int count) {
            this.slots = count;
            return this;
        }

        /** A key of the cluster's {@code config.yaml}. */
        public <T> Builder set(ConfigOption<T> option, T value) {
            config.set(option, value);
            return this;
        }

        /** A key of the cluster's {@code config.yaml} given as text (e.g. a reporter's key). */
        public Builder setString(String key, String value) {
            config.setString(key, value);
            return this;
        }

        public ProcessCluster build() throws IOException {
            return new ProcessCluster(this);
        }
    }
}
