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

/** Before (Flink 1.20 code, typed by Flink 1.20's jars) and after, and code that must stay. */
class StateConfigForFlink2Test implements RewriteTest {

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new StateConfigForFlink2()).parser(MigrationHarness.flink120Parser());
    }

    @Test
    void settersBecomeConfigurationOfTheEnvironmentCreatedHere() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void run(String dir) throws Exception {
                                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                                env.enableCheckpointing(60_000);
                                env.setStateBackend(new EmbeddedRocksDBStateBackend(true));
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                                env.fromSequence(1, 10).print();
                            }
                        }
                        """,
                        """
                        import org.apache.flink.configuration.CheckpointingOptions;
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void run(String dir) throws Exception {
                                Configuration stateConfig = new Configuration();
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
                                stateConfig.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
                                stateConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                                stateConfig.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
                                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(stateConfig);
                                env.enableCheckpointing(60_000);
                                env.fromSequence(1, 10).print();
                            }
                        }
                        """));
    }

    @Test
    void environmentFromElsewhereIsConfiguredWhereTheSettersWere() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
                        import org.apache.flink.streaming.api.environment.CheckpointConfig.ExternalizedCheckpointCleanup;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.net.URI;

                        class Job {
                            void small(StreamExecutionEnvironment env) {
                                env.setStateBackend(new HashMapStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage());
                                env.setParallelism(2);
                            }

                            void retained(StreamExecutionEnvironment env, URI dir) {
                                String name = "job";
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                                env.getCheckpointConfig().enableExternalizedCheckpoints(ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
                            }
                        }
                        """,
                        """
                        import org.apache.flink.configuration.CheckpointingOptions;
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.ExternalizedCheckpointRetention;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.net.URI;

                        class Job {
                            void small(StreamExecutionEnvironment env) {
                                Configuration stateConfig = new Configuration();
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "hashmap");
                                stateConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "jobmanager");
                                env.configure(stateConfig);
                                env.setParallelism(2);
                            }

                            void retained(StreamExecutionEnvironment env, URI dir) {
                                String name = "job";
                                Configuration stateConfig = new Configuration();
                                stateConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                                stateConfig.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toString());
                                stateConfig.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
                                env.configure(stateConfig);
                            }
                        }
                        """));
    }

    @Test
    void rocksDbBackendObjectAndItsSettersBecomeRocksDbOptions() {
        rewriteRun(
                java(
                        """
                        package com.example;

                        import org.apache.flink.contrib.streaming.state.ConfigurableRocksDBOptionsFactory;
                        import org.apache.flink.contrib.streaming.state.RocksDBOptionsFactory;
                        import org.apache.flink.configuration.ReadableConfig;
                        import org.rocksdb.ColumnFamilyOptions;
                        import org.rocksdb.DBOptions;

                        import java.util.Collection;

                        public class TunedOptions implements ConfigurableRocksDBOptionsFactory {
                            public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handles) {
                                return current;
                            }

                            public ColumnFamilyOptions createColumnOptions(ColumnFamilyOptions current, Collection<AutoCloseable> handles) {
                                return current;
                            }

                            public RocksDBOptionsFactory configure(ReadableConfig configuration) {
                                return this;
                            }
                        }
                        """,
                        """
                        package com.example;

                        import org.apache.flink.state.rocksdb.ConfigurableRocksDBOptionsFactory;
                        import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
                        import org.apache.flink.configuration.ReadableConfig;
                        import org.rocksdb.ColumnFamilyOptions;
                        import org.rocksdb.DBOptions;

                        import java.util.Collection;

                        public class TunedOptions implements ConfigurableRocksDBOptionsFactory {
                            public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handles) {
                                return current;
                            }

                            public ColumnFamilyOptions createColumnOptions(ColumnFamilyOptions current, Collection<AutoCloseable> handles) {
                                return current;
                            }

                            public RocksDBOptionsFactory configure(ReadableConfig configuration) {
                                return this;
                            }
                        }
                        """),
                java(
                        """
                        package com.example;

                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.contrib.streaming.state.PredefinedOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, int threads) {
                                EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend();
                                backend.setDbStoragePaths("/mnt/ssd1", "/mnt/ssd2");
                                backend.setPredefinedOptions(PredefinedOptions.FLASH_SSD_OPTIMIZED);
                                backend.setRocksDBOptions(new TunedOptions());
                                backend.setNumberOfTransferThreads(threads);
                                backend.setWriteBatchSize(4 * 1024 * 1024);
                                env.setStateBackend(backend);
                            }
                        }
                        """,
                        """
                        package com.example;

                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.MemorySize;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.state.rocksdb.PredefinedOptions;
                        import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
                        import org.apache.flink.state.rocksdb.RocksDBOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, int threads) {
                                Configuration stateConfig = new Configuration();
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
                                stateConfig.set(RocksDBOptions.LOCAL_DIRECTORIES, "/mnt/ssd1,/mnt/ssd2");
                                stateConfig.set(RocksDBOptions.PREDEFINED_OPTIONS, PredefinedOptions.FLASH_SSD_OPTIMIZED.name());
                                stateConfig.set(RocksDBOptions.OPTIONS_FACTORY, TunedOptions.class.getName());
                                stateConfig.set(RocksDBOptions.CHECKPOINT_TRANSFER_THREAD_NUM, threads);
                                stateConfig.set(RocksDBConfigurableOptions.WRITE_BATCH_SIZE, new MemorySize(4 * 1024 * 1024));
                                env.configure(stateConfig);
                            }
                        }
                        """));
    }

    @Test
    void unsafeUsesGetACommentOnly() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.runtime.state.StateBackend;
                        import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void passedOn(StreamExecutionEnvironment env) {
                                EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend(true);
                                backend.setNumberOfTransferThreads(4);
                                log(backend);
                                env.setStateBackend(backend);
                            }

                            void builtElsewhere(StreamExecutionEnvironment env, StateBackend backend) {
                                env.setStateBackend(backend);
                                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage(10 * 1024 * 1024));
                            }

                            void subclass(StreamExecutionEnvironment env) {
                                env.setStateBackend(new EmbeddedRocksDBStateBackend() {});
                            }

                            void chained(StreamExecutionEnvironment env) {
                                env.setStateBackend(new EmbeddedRocksDBStateBackend()).setParallelism(2);
                            }

                            static void log(Object o) {}
                        }
                        """,
                        """
                        import org.apache.flink.runtime.state.StateBackend;
                        import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
                        import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void passedOn(StreamExecutionEnvironment env) {
                                EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend(true);
                                backend.setNumberOfTransferThreads(4);
                                log(backend);
                                // flinkext StateConfigForFlink2: Flink 2.x has no env.setStateBackend; not rewritten because the backend object backend is used beyond its setters. By hand: set StateBackendOptions.STATE_BACKEND (rocksdb, hashmap, or your StateBackendFactory's class name) and the backend's options in a Configuration passed to StreamExecutionEnvironment.getExecutionEnvironment(conf), or in config.yaml.
                                env.setStateBackend(backend);
                            }

                            void builtElsewhere(StreamExecutionEnvironment env, StateBackend backend) {
                                // flinkext StateConfigForFlink2: Flink 2.x has no env.setStateBackend; not rewritten because the backend is built elsewhere. By hand: set StateBackendOptions.STATE_BACKEND (rocksdb, hashmap, or your StateBackendFactory's class name) and the backend's options in a Configuration passed to StreamExecutionEnvironment.getExecutionEnvironment(conf), or in config.yaml.
                                env.setStateBackend(backend);
                                // flinkext StateConfigForFlink2: Flink 2.x has no CheckpointConfig#setCheckpointStorage; not rewritten because the storage JobManagerCheckpointStorage with these arguments has no one-to-one configuration. By hand: set CheckpointingOptions.CHECKPOINT_STORAGE (filesystem, jobmanager, or your CheckpointStorageFactory's class name) and CheckpointingOptions.CHECKPOINTS_DIRECTORY in a Configuration passed to StreamExecutionEnvironment.getExecutionEnvironment(conf), or in config.yaml.
                                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage(10 * 1024 * 1024));
                            }

                            void subclass(StreamExecutionEnvironment env) {
                                // flinkext StateConfigForFlink2: Flink 2.x has no env.setStateBackend; not rewritten because it is an anonymous subclass of EmbeddedRocksDBStateBackend. By hand: set StateBackendOptions.STATE_BACKEND (rocksdb, hashmap, or your StateBackendFactory's class name) and the backend's options in a Configuration passed to StreamExecutionEnvironment.getExecutionEnvironment(conf), or in config.yaml.
                                env.setStateBackend(new EmbeddedRocksDBStateBackend() {});
                            }

                            void chained(StreamExecutionEnvironment env) {
                                /* flinkext StateConfigForFlink2: Flink 2.x has no env.setStateBackend; not rewritten because it is part of an expression, not a statement of its own. By hand: set StateBackendOptions.STATE_BACKEND (rocksdb, hashmap, or your StateBackendFactory's class name) and the backend's options in a Configuration passed to StreamExecutionEnvironment.getExecutionEnvironment(conf), or in config.yaml. */env.setStateBackend(new EmbeddedRocksDBStateBackend()).setParallelism(2);
                            }

                            static void log(Object o) {}
                        }
                        """));
    }

    @Test
    void commentsAboveMovedSettersGoWithTheirSettingsAndEndOfLineCommentsStay() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void run(String dir) throws Exception {
                                // the environment
                                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                                env.enableCheckpointing(60_000); // every minute
                                // RocksDB, incremental: the state is large
                                env.setStateBackend(new EmbeddedRocksDBStateBackend(true)); // since 2021
                                /* checkpoints go to HDFS */
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                                env.fromSequence(1, 10).print();
                            }
                        }
                        """,
                        """
                        import org.apache.flink.configuration.CheckpointingOptions;
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void run(String dir) throws Exception {
                                Configuration stateConfig = new Configuration();
                                // RocksDB, incremental: the state is large
                                // since 2021
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
                                stateConfig.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
                                /* checkpoints go to HDFS */
                                stateConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                                stateConfig.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
                                // the environment
                                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(stateConfig);
                                env.enableCheckpointing(60_000); // every minute
                                env.fromSequence(1, 10).print();
                            }
                        }
                        """));
    }

    @Test
    void commentsAreKeptWhereTheEnvironmentIsConfiguredInPlace() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) {
                                env.setParallelism(2); // two slots
                                // the heap backend: state is small
                                env.setStateBackend(new HashMapStateBackend());
                                // where checkpoints go
                                env.getCheckpointConfig().setCheckpointStorage(dir); // a shared disk
                            }
                        }
                        """,
                        """
                        import org.apache.flink.configuration.CheckpointingOptions;
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) {
                                env.setParallelism(2); // two slots
                                Configuration stateConfig = new Configuration();
                                // the heap backend: state is small
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "hashmap");
                                // where checkpoints go
                                // a shared disk
                                stateConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                                stateConfig.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
                                env.configure(stateConfig);
                            }
                        }
                        """));
    }

    /** Each setter replaced the object set before: only the last call's settings are written. */
    @Test
    void repeatedSettersCollapseToTheLastCall() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir, String other) {
                                // first try: RocksDB
                                env.setStateBackend(new EmbeddedRocksDBStateBackend(true));
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                                env.setStateBackend(new HashMapStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(other);
                                // in the end: heap state, JobManager storage
                                env.setStateBackend(new HashMapStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage());
                            }
                        }
                        """,
                        """
                        import org.apache.flink.configuration.CheckpointingOptions;
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir, String other) {
                                Configuration stateConfig = new Configuration();
                                // first try: RocksDB
                                // in the end: heap state, JobManager storage
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "hashmap");
                                stateConfig.set(CheckpointingOptions.CHECKPOINT_STORAGE, "jobmanager");
                                env.configure(stateConfig);
                            }
                        }
                        """));
    }

    @Test
    void aCastAroundTheBackendChangesNothing() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.StateBackend;
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env) {
                                env.setStateBackend((StateBackend) new HashMapStateBackend());
                            }
                        }
                        """,
                        """
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env) {
                                Configuration stateConfig = new Configuration();
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "hashmap");
                                env.configure(stateConfig);
                            }
                        }
                        """));
    }

    /** A nested class moves with its package too. */
    @Test
    void nestedRocksDbTypesMoveWithTheirPackage() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend.PriorityQueueStateType;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            PriorityQueueStateType timers = PriorityQueueStateType.ROCKSDB;

                            void setUp(StreamExecutionEnvironment env) {
                                EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend();
                                backend.setPriorityQueueStateType(EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
                                env.setStateBackend(backend);
                            }
                        }
                        """,
                        """
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.configuration.StateBackendOptions;
                        import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend.PriorityQueueStateType;
                        import org.apache.flink.state.rocksdb.RocksDBOptions;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            PriorityQueueStateType timers = PriorityQueueStateType.ROCKSDB;

                            void setUp(StreamExecutionEnvironment env) {
                                Configuration stateConfig = new Configuration();
                                stateConfig.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
                                stateConfig.set(RocksDBOptions.TIMER_SERVICE_FACTORY, EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
                                env.configure(stateConfig);
                            }
                        }
                        """));
    }

    @Test
    void codeWithoutTheRemovedSettersStaysAsItIs() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.configuration.CheckpointingOptions;
                        import org.apache.flink.configuration.Configuration;
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            HashMapStateBackend forTests = new HashMapStateBackend();

                            void run(String dir) {
                                Configuration conf = new Configuration();
                                conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
                                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
                                env.getCheckpointConfig().setCheckpointTimeout(60_000);
                            }
                        }
                        """));
    }
}
