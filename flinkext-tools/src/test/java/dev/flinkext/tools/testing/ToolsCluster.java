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
package dev.flinkext.tools.testing;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;

/** The MiniCluster the tools' ITCases run their jobs on. */
public final class ToolsCluster {

    private ToolsCluster() {}

    /**
     * One TaskManager with two slots (the jobs run at parallelism 2, all operators sharing the
     * slots), a checkpoint statistics history long enough for every checkpoint a test takes, and
     * {@code retained} checkpoints kept.
     */
    public static MiniClusterResourceConfiguration configuration(int retained) {
        Configuration conf = new Configuration();
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 100);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, retained);
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build();
    }
}
