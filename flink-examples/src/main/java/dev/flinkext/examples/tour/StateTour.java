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
            description = "Directory for checkpoints (default: a new temporary directory).")
    private Path checkpointDir;

    @Option(
            names = "--no-migration",
            description =
                    "Skip the restores of retained checkpoints under another configuration"
                            + " (pre-1.14 -> 1.14+, plain Flink <-> flinkext).")
    private boolean noMigration;

    @Spec private CommandSpec spec;

    private final PrintStream out;

    StateTour(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new StateTour(System.out)).execute(args);
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        Set<TourConfiguration> selected = select(only, spec.commandLine());
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
        Path root =
                checkpointDir != null
                        ? Files.createDirectories(checkpointDir)
                        : Files.createTempDirectory("flinkext-tour-");
        out.printf(
                "flinkext state tour: %,d events over %,d keys at %,d/s, parallelism %d, checkpoint every %d ms%n"
                        + "checkpoints under %s%n%n",
                params.records(),
                params.keys(),
                params.recordsPerSecond(),
                params.parallelism(),
                params.checkpointInterval().toMillis(),
                root);

        List<RunReport> reports = new ArrayList<>();
        try (MiniCluster cluster = startCluster(params.parallelism())) {
            TourRunner runner = new TourRunner(cluster, params, root, out);
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
        }
        out.println();
        out.print(ReportTable.format(reports));
        long failed = reports.stream().filter(r -> !r.verified()).count();
        out.printf("%n%d of %d runs verified exactly.%n", reports.size() - failed, reports.size());
        return failed == 0 ? 0 : 1;
    }

    /** One TaskManager with a slot per parallel subtask, as a laptop-sized Flink cluster. */
    static MiniCluster startCluster(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
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
