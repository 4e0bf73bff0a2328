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
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;

import java.time.Duration;

/** The configuration the tools' test jobs share: checkpoints the tests trigger, kept. */
final class JobConfigurations {

    private JobConfigurations() {}

    /**
     * Checkpoints under {@code checkpoints} (a URI on any Flink filesystem), retained on
     * cancellation, no restarts, the heap backend.
     */
    static Configuration checkpointed(String checkpoints) {
        Configuration conf = new Configuration();
        // Checkpoints are triggered by the tests; the interval only switches checkpointing on.
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        backend(conf, "hashmap");
        return conf;
    }

    /** {@code hashmap}, {@code rocksdb} (full checkpoints) or {@code rocksdb-incremental}. */
    static void backend(Configuration conf, String backend) {
        conf.set(
                StateBackendOptions.STATE_BACKEND,
                backend.startsWith("rocksdb") ? "rocksdb" : "hashmap");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.endsWith("incremental"));
    }
}
