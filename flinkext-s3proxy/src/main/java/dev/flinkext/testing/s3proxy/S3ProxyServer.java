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
package dev.flinkext.testing.s3proxy;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-protocol server on loopback for tests: <a
 * href="https://github.com/gaul/s3proxy">s3proxy</a> over a local directory, in a child JVM.
 *
 * <p>s3proxy cannot share the test's classpath (its Guice clashes with the one inside {@code
 * flink-s3-fs-presto}), so it runs from the classpath this module's build writes into its jar (its
 * s3proxy dependencies are optional, so they stay off the test's classpath). The test JVM talks to
 * it through Flink's own {@code s3://} filesystem ({@code flink-s3-fs-presto}), configured by
 * {@link #flinkConfiguration()}:
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start(tempDir, "bucket")) {
 *     FileSystem.initialize(s3.flinkConfiguration(), null);
 *     ... s3.uri("checkpoints") ...                 // s3://bucket/checkpoints
 *     s3.kill();                                    // storage becomes unreachable mid-test
 *     s3.restart();                                 // ... and comes back, same port, same data
 * } finally {
 *     FileSystem.initialize(new Configuration(), null);
 * }
 * }</pre>
 *
 * <p>The objects live in {@code <workDir>/data/<bucket>/}; the child's output goes to {@code
 * <workDir>/s3proxy.log}. Started with {@link #startLoggingRequests}, s3proxy also writes one line
 * per request it receives to {@link #requestLog()} ({@code <workDir>/requests.log}): its handler's
 * own debug line {@code request: Request(PUT http://127.0.0.1:<port>/<bucket>/<key>)@<id>}, written
 * before the request is authenticated or served.
 */
@Internal
public final class S3ProxyServer implements AutoCloseable {

    /** s3proxy's own classpath, which this module's build writes next to this class. */
    static final String CLASSPATH_RESOURCE = "s3proxy.classpath";

    private static final String MAIN_CLASS = "org.gaul.s3proxy.Main";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int PORT_ATTEMPTS = 3;

    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;
    private final Path propertiesFile;
    private final Path logbackFile;
    private final Path requestLog;
    private final boolean logRequests;
    private final String classpath;
    private final String bucket;
    private final String accessKey = "flinkext-access";
    private final String secretKey = "flinkext-secret";

    private int port;
    private Process process;
    private Thread shutdownHook;

    private S3ProxyServer(Path workDir, String bucket, String classpath, boolean logRequests) {
        this.workDir = workDir;
        this.requestLog = workDir.resolve("requests.log");
        this.logRequests = logRequests;
        this.dataDir = workDir.resolve("data");
        this.logFile = workDir.resolve("s3proxy.log");
        this.propertiesFile = workDir.resolve("s3proxy.properties");
        this.logbackFile = workDir.resolve("s3proxy-logback.xml");
        this.classpath = classpath;
        this.bucket = bucket;
    }

    /**
     * Starts s3proxy on a free loopback port with its data under {@code workDir}, with {@code
     * bucket} created, and returns once it answers HTTP.
     */
    public static S3ProxyServer start(Path workDir, String bucket) throws IOException {
        return start(workDir, bucket, false);
    }

    /**
     * As {@link #start(Path, String)}, with every request the server receives logged to {@link
     * #requestLog()}: for tests and benchmarks that count requests.
     */
    public static S3ProxyServer startLoggingRequests(Path workDir, String bucket)
            throws IOException {
        return start(workDir, bucket, true);
    }

    private static S3ProxyServer start(Path workDir, String bucket, boolean logRequests)
            throws IOException {
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("Not a valid S3 bucket name: " + bucket);
        }
        Files.createDirectories(workDir);
        S3ProxyServer server =
                new S3ProxyServer(workDir.toAbsolutePath(), bucket, readClasspath(), logRequests);
        Files.createDirectories(server.dataDir.resolve(bucket));
        Files.writeString(server.logbackFile, server.logbackXml(), StandardCharsets.UTF_8);
        server.launchOnFreePort();
        return server;
    }

    // ------------------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String bucket() {
        return bucket;
    }

    /** {@code s3://<bucket>/<path>} (a leading slash of {@code path} is ignored). */
    public URI uri(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return URI.create("s3://" + bucket + "/" + p);
    }

    /** The directory s3proxy stores the bucket's objects in (one file per object). */
    public Path bucketDirectory() {
        return dataDir.resolve(bucket);
    }

    /**
     * One line per request received, if started with {@link #startLoggingRequests} (all starts of
     * this server append to it); the file may not exist before the first request.
     */
    public Path requestLog() {
        if (!logRequests) {
            throw new IllegalStateException(
                    "This s3proxy does not log requests: start it with startLoggingRequests.");
        }
        return requestLog;
    }

    /** The child's stdout and stderr (all starts of this server append to it). */
    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * A Flink configuration for {@code flink-s3-fs-presto} against this server, for {@code
     * FileSystem.initialize(conf, null)} or a MiniCluster's configuration. A fresh copy each call.
     *
     * <p>Flink forwards every {@code s3.*} key to presto as {@code presto.s3.*}. Presto's defaults
     * (5 client retries with backoff up to 10 min, 10 AWS SDK retries, 10 min max retry time) make
     * an operation against a dead server hang: measured here, {@code exists} took 229 s and a write
     * 37 s to fail. These settings make each fail within about two seconds, which is what a test of
     * unreachable storage needs. Override them on the returned object if a test wants presto's
     * patience.
     */
    public Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", endpoint());
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", accessKey);
        conf.setString("s3.secret-key", secretKey);
        conf.setString("s3.ssl.enabled", "false");
        // presto.s3.max-connections (the Hadoop S3A name s3.connection.maximum means nothing here).
        conf.setString("s3.max-connections", "64");
        // Fail fast when the server is gone: presto's own retry loop (attempts = retries + 1) ...
        conf.setString("s3.max-client-retries", "1");
        conf.setString("s3.max-backoff-time", "500ms");
        conf.setString("s3.max-retry-time", "5s");
        // ... and the AWS SDK's retries inside each attempt, and its socket timeouts.
        conf.setString("s3.max-error-retries", "1");
        conf.setString("s3.connect-timeout", "2s");
        conf.setString("s3.socket-timeout", "10s");
        return conf;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Kills s3proxy at once (SIGKILL, no shutdown), to make the storage unreachable mid-test. The
     * data stays; {@link #restart()} brings the server back on the same port.
     *
     * <p>What the test JVM then sees from {@code flink-s3-fs-presto} (connection refused): a write
     * fails in {@code close()} with an {@link IOException}, but {@code open}/{@code read}, {@code
     * exists}, {@code getFileStatus}, {@code listStatus} and {@code delete} throw presto's
     * <em>unchecked</em> {@code com.amazonaws.SdkClientException}; {@code mkdirs} succeeds (a no-op
     * on S3). With {@link #flinkConfiguration()} each fails within about two seconds.
     */
    public void kill() {
        terminate(true);
    }

    /** Stops s3proxy gracefully (falls back to a kill); the data stays. */
    public void stop() {
        terminate(false);
    }

    /** Starts s3proxy again (after {@link #kill()} or {@link #stop()}) on the same port. */
    public void restart() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("s3proxy is still running on " + endpoint());
        }
        launch();
        awaitReady();
    }

    @Override
    public void close() {
        stop();
    }

    // ------------------------------------------------------------------------------------------

    private void launchOnFreePort() throws IOException {
        for (int attempt = 1; ; attempt++) {
            port = freeLoopbackPort();
            launch();
            try {
                awaitReady();
                return;
            } catch (IOException e) {
                // Another process may have taken the port between our probe and s3proxy's bind.
                boolean portTaken = !isRunning() && readLog().contains("Address already in use");
                if (!portTaken || attempt >= PORT_ATTEMPTS) {
                    terminate(true);
                    throw e;
                }
            }
        }
    }

    private void launch() throws IOException {
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", endpoint());
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", accessKey);
        props.setProperty("s3proxy.credential", secretKey);
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        try (var out = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
            props.store(out, "written by " + S3ProxyServer.class.getName());
        }

        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dlogback.configurationFile=" + logbackFile);
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        command.add("--properties");
        command.add(propertiesFile.toString());

        Files.writeString(
                logFile,
                "==== " + Instant.now() + " starting s3proxy on " + endpoint() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        process =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
        if (shutdownHook == null) {
            // Do not leave an orphan behind if a test forgets close() (not on SIGKILL, though).
            shutdownHook = new Thread(this::killQuietly, "s3proxy-killer");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        URL url = URI.create(endpoint() + "/").toURL();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(
                        "s3proxy exited with code "
                                + process.exitValue()
                                + " before answering on "
                                + endpoint()
                                + describeLog());
            }
            if (answers(url)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "s3proxy did not answer on "
                                + endpoint()
                                + " within "
                                + STARTUP_TIMEOUT.toSeconds()
                                + " s"
                                + describeLog());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for s3proxy", e);
            }
        }
    }

    /** Any HTTP answer (s3proxy says 403 to an anonymous GET) means it is serving. */
    private static boolean answers(URL url) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private void terminate(boolean forcibly) {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        descendants.forEach(forcibly ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        boolean interrupted = false;
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
                p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle d : descendants) {
                d.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            p.destroyForcibly();
        } catch (Exception e) {
            // A descendant that does not go away is not worth failing a test's cleanup for.
        }
        if (p.isAlive()) {
            throw new IllegalStateException("s3proxy (pid " + p.pid() + ") did not exit");
        }
        if (!forcibly && shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // JVM already shutting down
            }
            shutdownHook = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void killQuietly() {
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private String readLog() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String describeLog() {
        String log = readLog();
        int max = 20_000;
        String tail = log.length() > max ? "...\n" + log.substring(log.length() - max) : log;
        return ". Its output (" + logFile + "):\n" + tail;
    }

    // ------------------------------------------------------------------------------------------

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("Cannot find the java binary"));
    }

    private static String readClasspath() throws IOException {
        String classpath;
        try (InputStream in = S3ProxyServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "s3proxy's classpath resource "
                                + CLASSPATH_RESOURCE
                                + " is missing. The Maven module flinkext-s3proxy writes it at"
                                + " generate-resources: build it first (`mvn -pl flinkext-s3proxy"
                                + " install`, or any reactor build that includes it).");
            }
            classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!Files.exists(Paths.get(entry))) {
                throw new IllegalStateException(
                        "s3proxy's classpath resource "
                                + CLASSPATH_RESOURCE
                                + " names "
                                + entry
                                + ", which does not exist (local Maven repository moved or"
                                + " cleaned?). Rebuild the module flinkext-s3proxy.");
            }
        }
        return classpath;
    }

    private String logbackXml() {
        String requests =
                logRequests
                        ? "  <appender name=\"REQUESTS\" class=\"ch.qos.logback.core.FileAppender\">\n"
                                + "    <file>"
                                + requestLog
                                + "</file>\n"
                                + "    <encoder><pattern>%msg%n</pattern></encoder>\n"
                                + "  </appender>\n"
                                // S3ProxyHandler logs "request: ..." at debug level for every one.
                                + "  <logger name=\"org.gaul.s3proxy.S3ProxyHandler\" level=\"DEBUG\""
                                + " additivity=\"false\"><appender-ref ref=\"REQUESTS\"/></logger>\n"
                        : "";
        return "<configuration>\n"
                + "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n"
                + "</pattern></encoder>\n"
                + "  </appender>\n"
                + requests
                + "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>\n"
                + "</configuration>\n";
    }
}
