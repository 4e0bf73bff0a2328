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

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A retained checkpoint written under a pre-1.14 configuration restores under its 1.14+ equivalent,
 * in a new job, with exact results: the first job fails with no restarts left, the second starts
 * from the first job's last checkpoint.
 */
class MigrationITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    // Class-wide, so that it is deleted after the cluster has stopped discarding checkpoints.
    @TempDir static Path checkpoints;

    static Stream<Migration> migrations() {
        return Migration.all().stream();
    }

    @ParameterizedTest
    @MethodSource("migrations")
    void retainedCheckpointRestoresUnderTheOtherConfiguration(
            Migration migration, @InjectMiniCluster MiniCluster cluster) throws Exception {
        RunReport report =
                new TourRunner(cluster, TourTesting.PARAMS, checkpoints, System.out)
                        .migrate(migration);

        TourTesting.assertMigrated(
                report,
                migration,
                checkpoints,
                List.of(TourConfigurationITCase.RESOLVED.get(migration.to())));
    }
}
