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

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour's check can fail: a job that silently drops one state on restore is caught, under a heap
 * and a RocksDB configuration.
 */
class BrokenRecoveryITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = TourTesting.miniCluster();

    // Class-wide, so that it is deleted after the cluster has stopped discarding checkpoints.
    @TempDir static Path checkpoints;

    @ParameterizedTest
    @EnumSource(
            value = TourConfiguration.class,
            names = {"HASHMAP_FILESYSTEM", "ROCKSDB_INCREMENTAL"})
    void forgottenListStateIsCaught(
            TourConfiguration configuration, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        RunReport report =
                new TourRunner(
                                cluster,
                                TourTesting.PARAMS,
                                checkpoints.resolve("forgotten-list"),
                                System.out)
                        .run(configuration, new ForgetsListStateOnRestore());

        assertThat(report.verified()).isFalse();
        assertThat(report.verifiedKeys()).isZero();
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("ListState holds"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TourConfiguration.class,
            names = {"HASHMAP_JOBMANAGER", "ROCKSDB_FULL"})
    void forgottenValueStateIsCaught(
            TourConfiguration configuration, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        RunReport report =
                new TourRunner(
                                cluster,
                                TourTesting.PARAMS,
                                checkpoints.resolve("forgotten-count"),
                                System.out)
                        .run(configuration, new ForgetsCountOnRestore());

        assertThat(report.verified()).isFalse();
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("ValueState count"));
    }

    /** After a restore, appends to a fresh list instead of the restored one. */
    private static final class ForgetsListStateOnRestore extends AllKeyedStatesFunction {
        @Override
        public void open(OpenContext openContext) {
            super.open(openContext);
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) {
                values =
                        getRuntimeContext()
                                .getListState(new ListStateDescriptor<>("values-lost", Types.LONG));
            }
        }
    }

    /** After a restore, counts from zero again. */
    private static final class ForgetsCountOnRestore extends AllKeyedStatesFunction {
        @Override
        public void open(OpenContext openContext) {
            super.open(openContext);
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) {
                count =
                        getRuntimeContext()
                                .getState(new ValueStateDescriptor<>("count-lost", Types.LONG));
            }
        }
    }
}
