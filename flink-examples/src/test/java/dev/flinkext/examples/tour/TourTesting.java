package dev.flinkext.examples.tour;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.time.Duration;

/** What the tour's ITCases share: a small run and the cluster it runs on. */
final class TourTesting {

    /** 20,000 events over 200 keys in about a second, checkpointing every 100 ms. */
    static final TourParams PARAMS =
            new TourParams(20_000, 200, 4, 2, 20_000, Duration.ofMillis(100), 2, true);

    private TourTesting() {}

    static MiniClusterExtension miniCluster() {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(128));
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(PARAMS.parallelism())
                        .build());
    }
}
