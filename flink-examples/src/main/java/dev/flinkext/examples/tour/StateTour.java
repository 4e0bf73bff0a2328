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

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The pack's main demo: runs one stateful job under every state-backend / checkpoint-storage
 * configuration, injects a failure after a completed checkpoint, and checks exact results.
 */
@PublicEvolving
@Command(
        name = "state-tour",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one job with all five kinds of keyed state and one operator state under every",
            "state-backend / checkpoint-storage configuration (before 1.14, since 1.14, and",
            "configuration only) on an embedded MiniCluster. Each run fails once after a",
            "completed checkpoint, recovers, and checks its exact results."
        })
public final class StateTour implements Callable<Integer> {

    @Option(
            names = {"-c", "--config"},
            split = ",",
            paramLabel = "NAME|NUMBER",
            description =
                    "Run only these configurations (names, short names or row numbers,"
                            + " comma-separated). Default: all.")
    private List<String> only = new ArrayList<>();

    @Option(
            names = {"-n", "--records"},
            description = "Events per run (default: ${DEFAULT-VALUE}).")
    private long records = TourParams.defaults().records();

    @Option(
            names = {"-k", "--keys"},
            description = "Distinct keys (default: ${DEFAULT-VALUE}).")
    private int keys = TourParams.defaults().keys();

    @Option(
            names = {"-r", "--rate"},
            description =
                    "Events per second over all source subtasks, 0 for unlimited (default: ${DEFAULT-VALUE}).")
    private long recordsPerSecond = TourParams.defaults().recordsPerSecond();

    @Option(
            names = {"-d", "--checkpoint-dir"},
            paramLabel = "DIR|URI",
            description =
                    "Directory for checkpoints: a local folder or a URI on a Flink filesystem,"
                            + " e.g. hdfs://namenode:8020/flink/tour (default: a new temporary"
                            + " directory).")
    private String checkpointDir;

    @Option(
            names = "--no-migration",
            description =
                    "Skip the restores of retained checkpoints under another configuration"
                            + " (pre-1.14 -> 1.14+, plain Flink <-> flinkext).")
    private boolean noMigration;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description =
                    "Also write every run in full (configuration, resolved backend and storage,"
                            + " checkpoint figures, restore, verdict) to FILE as JSON.")
    private Path report;

    @Spec private CommandSpec spec;

    private final PrintStream out;

    /** The cluster to run on, or null to start one for the tour and stop it after. */
    private final MiniCluster sharedCluster;

    StateTour(PrintStream out) {
        this(out, null);
    }

    StateTour(PrintStream out, MiniCluster sharedCluster) {
        this.out = out;
        this.sharedCluster = sharedCluster;
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new StateTour(System.out)).execute(args);
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        Set<TourConfiguration> selected = select(only, spec.commandLine());
        prepareReport(report, spec.commandLine());
        TourParams defaults = TourParams.defaults();
        TourParams params =
                new TourParams(
                        records,
                        keys,
                        defaults.partitions(),
                        defaults.parallelism(),
                        recordsPerSecond,
                        defaults.checkpointInterval(),
                        defaults.quietCheckpoints(),
                        true);
        CheckpointRoot root = CheckpointRoot.of(checkpointDir, spec.commandLine());
        out.printf(
                "flinkext state tour: %,d events over %,d keys at %,d/s, parallelism %d, checkpoint every %d ms%n"
                        + "checkpoints under %s%n%n",
                params.records(),
                params.keys(),
                params.recordsPerSecond(),
                params.parallelism(),
                params.checkpointInterval().toMillis(),
                root);

        List<RunReport> reports;
        if (sharedCluster != null) {
            reports = runAll(sharedCluster, selected, params, root);
        } else {
            try (MiniCluster cluster = startCluster(params.parallelism())) {
                reports = runAll(cluster, selected, params, root);
            }
        }
        out.println();
        out.print(ReportTable.format(reports));
        long failed = reports.stream().filter(r -> !r.verified()).count();
        out.printf("%n%d of %d runs verified exactly.%n", reports.size() - failed, reports.size());
        if (report != null) {
            TourReport.of(params, root.toString(), reports).write(report);
            out.printf("Every run in full: %s%n", report.toAbsolutePath());
        }
        return failed == 0 ? 0 : 1;
    }

    private List<RunReport> runAll(
            MiniCluster cluster,
            Set<TourConfiguration> selected,
            TourParams params,
            CheckpointRoot root)
            throws Exception {
        List<RunReport> reports = new ArrayList<>();
        TourRunner runner = new TourRunner(cluster, params, root.uri(), out);
        for (TourConfiguration configuration : selected) {
            reports.add(runner.run(configuration));
        }
        if (!noMigration) {
            for (Migration migration : Migration.all()) {
                if (only.isEmpty()
                        || selected.contains(migration.from())
                        || selected.contains(migration.to())) {
                    reports.add(runner.migrate(migration));
                }
            }
        }
        return reports;
    }

    /**
     * Fails before any run, rather than after minutes of them, if the report cannot be written
     * where asked: creates its folder and rejects a folder as the file.
     */
    static void prepareReport(Path report, CommandLine commandLine) {
        if (report == null) {
            return;
        }
        if (Files.isDirectory(report)) {
            throw new CommandLine.ParameterException(
                    commandLine,
                    "--report "
                            + report
                            + " is a directory. Give the path of a file to write (an existing"
                            + " file is replaced).");
        }
        Path folder = report.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw new CommandLine.ParameterException(
                    commandLine,
                    "--report "
                            + report
                            + ": cannot create its folder "
                            + folder
                            + " ("
                            + e
                            + "). Give a file in a folder that exists or can be created.");
        }
    }

    /** One TaskManager with a slot per parallel subtask, as a laptop-sized Flink cluster. */
    static MiniCluster startCluster(int slots) throws Exception {
        return startCluster(slots, new Configuration());
    }

    /** As {@link #startCluster(int)}, with {@code more} on top (e.g. a REST port of 0). */
    static MiniCluster startCluster(int slots, Configuration more) throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        conf.addAll(more);
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        cluster.start();
        return cluster;
    }

    static Set<TourConfiguration> select(List<String> names, CommandLine commandLine) {
        if (names.isEmpty()) {
            return EnumSet.allOf(TourConfiguration.class);
        }
        Set<TourConfiguration> selected = EnumSet.noneOf(TourConfiguration.class);
        for (String name : names) {
            selected.add(parse(name.trim(), commandLine));
        }
        return selected;
    }

    private static TourConfiguration parse(String name, CommandLine commandLine) {
        for (TourConfiguration c : TourConfiguration.values()) {
            if (c.name().equalsIgnoreCase(name)
                    || c.shortName().equalsIgnoreCase(name)
                    || Integer.toString(c.number()).equals(name)) {
                return c;
            }
        }
        throw new CommandLine.ParameterException(
                commandLine,
                "Unknown configuration '"
                        + name
                        + "'. Use a row number 1-"
                        + TourConfiguration.values().length
                        + " or one of "
                        + EnumSet.allOf(TourConfiguration.class)
                        + " or their short names "
                        + Arrays.stream(TourConfiguration.values())
                                .map(TourConfiguration::shortName)
                                .toList());
    }
}
