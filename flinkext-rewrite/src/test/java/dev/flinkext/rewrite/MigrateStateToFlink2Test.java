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
package dev.flinkext.rewrite;

import dev.flinkext.rewrite.testing.MigrationHarness;

import org.junit.jupiter.api.Test;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;

import static org.openrewrite.java.Assertions.java;

/**
 * The composite recipe of META-INF/rewrite/flinkext.yml in one run, with OpenRewrite's type checks
 * on: StateConfigForFlink2 finds its matches in the code LegacyStateBackendsToFlink114 wrote in the
 * same run only when that code is typed, and a second cycle changes nothing.
 */
class MigrateStateToFlink2Test implements RewriteTest {

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipeFromResources("dev.flinkext.rewrite.MigrateStateToFlink2")
                .parser(MigrationHarness.flink120Parser());
    }

    @Test
    void aFlink113JobGoesTo2xInOneRun() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.filesystem.FsStateBackend;
                        import org.apache.flink.runtime.state.memory.MemoryStateBackend;
                        import org.apache.flink.streaming.api.environment.CheckpointConfig.ExternalizedCheckpointCleanup;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void run(String dir) throws Exception {
                                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                                env.setStateBackend(new FsStateBackend(dir));
                                env.getCheckpointConfig().enableExternalizedCheckpoints(ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
                                env.fromSequence(1, 10).print();
                            }

                            void small(StreamExecutionEnvironment env) {
                                env.enableCheckpointing(1000);
                                env.setStateBackend(new MemoryStateBackend());
                            }
                        }
                        """,
                        """
                        import org.apache.flink.configuration.CheckpointingOptions;
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.ExternalizedCheckpointRetention;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void run(String dir) throws Exception {
                                Configuration stateConfig = new Configuration();
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "hashmap");
                                stateConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                                stateConfig.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
                                stateConfig.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
                                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(stateConfig);
                                env.fromSequence(1, 10).print();
                            }

                            void small(StreamExecutionEnvironment env) {
                                env.enableCheckpointing(1000);
                                Configuration stateConfig = new Configuration();
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "hashmap");
                                stateConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "jobmanager");
                                env.configure(stateConfig);
                            }
                        }
                        """));
    }
}
