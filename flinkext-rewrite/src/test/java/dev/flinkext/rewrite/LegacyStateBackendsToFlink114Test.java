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

/** Before and after, and code that must stay as it is. */
class LegacyStateBackendsToFlink114Test implements RewriteTest {

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new LegacyStateBackendsToFlink114()).parser(MigrationHarness.flink120Parser());
    }

    @Test
    void rocksDbWithIncrementalFlag() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) throws Exception {
                                env.enableCheckpointing(1000);
                                env.setStateBackend(new RocksDBStateBackend(dir, true));
                                env.setParallelism(2);
                            }
                        }
                        """,
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) throws Exception {
                                env.enableCheckpointing(1000);
                                env.setStateBackend(new EmbeddedRocksDBStateBackend(true));
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                                env.setParallelism(2);
                            }
                        }
                        """));
    }

    @Test
    void rocksDbWithPathOnly() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.net.URI;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, URI dir) {
                                env.setStateBackend(new RocksDBStateBackend(dir));
                            }
                        }
                        """,
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.net.URI;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, URI dir) {
                                env.setStateBackend(new EmbeddedRocksDBStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                            }
                        }
                        """));
    }

    @Test
    void fsStateBackend() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.filesystem.FsStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env) {
                                env.setStateBackend(new FsStateBackend("file:///tmp/checkpoints"));
                            }
                        }
                        """,
                        """
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env) {
                                env.setStateBackend(new HashMapStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage("file:///tmp/checkpoints");
                            }
                        }
                        """));
    }

    @Test
    void memoryStateBackendWithAndWithoutSize() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.memory.MemoryStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void small(StreamExecutionEnvironment env) {
                                env.setStateBackend(new MemoryStateBackend());
                            }

                            void large(StreamExecutionEnvironment env) {
                                env.setStateBackend(new MemoryStateBackend(10 * 1024 * 1024));
                            }
                        }
                        """,
                        """
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void small(StreamExecutionEnvironment env) {
                                env.setStateBackend(new HashMapStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage());
                            }

                            void large(StreamExecutionEnvironment env) {
                                env.setStateBackend(new HashMapStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage(10 * 1024 * 1024));
                            }
                        }
                        """));
    }

    @Test
    void expressionLambdaBecomesABlock() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.filesystem.FsStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.util.function.BiConsumer;

                        class Job {
                            BiConsumer<StreamExecutionEnvironment, String> setUp =
                                    (env, dir) -> env.setStateBackend(new FsStateBackend(dir));
                        }
                        """,
                        """
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.util.function.BiConsumer;

                        class Job {
                            BiConsumer<StreamExecutionEnvironment, String> setUp =
                                    (env, dir) -> {
                                        env.setStateBackend(new HashMapStateBackend());
                                        env.getCheckpointConfig().setCheckpointStorage(dir);
                                    };
                        }
                        """));
    }

    @Test
    void backendKeptInAVariableGetsACommentOnly() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) throws Exception {
                                RocksDBStateBackend backend = new RocksDBStateBackend(dir, true);
                                backend.setNumberOfTransferThreads(4);
                                env.setStateBackend(backend);
                            }
                        }
                        """,
                        """
                        import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) throws Exception {
                                // flinkext LegacyStateBackendsToFlink114: RocksDBStateBackend is deprecated (removed in Flink 2.0) and not rewritten here: it is kept in the variable backend, whose other uses (setters such as setNumberOfTransferThreads, other calls) need a home on the new backend or in configuration. By hand: new EmbeddedRocksDBStateBackend(incremental) and env.getCheckpointConfig().setCheckpointStorage(the checkpoint directory).
                                RocksDBStateBackend backend = new RocksDBStateBackend(dir, true);
                                backend.setNumberOfTransferThreads(4);
                                env.setStateBackend(backend);
                            }
                        }
                        """));
    }

    @Test
    void legacyBackendBesideAStorageGetsACommentOnly() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.memory.MemoryStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) {
                                env.setStateBackend(new MemoryStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                            }
                        }
                        """,
                        """
                        import org.apache.flink.runtime.state.memory.MemoryStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) {
                                // flinkext LegacyStateBackendsToFlink114: MemoryStateBackend is deprecated (removed in Flink 2.0) and not rewritten here: this block also sets a checkpoint storage, which Flink 1.20 ignores beside a legacy backend; decide which storage the job should use. By hand: env.setStateBackend(new HashMapStateBackend()); env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage()).
                                env.setStateBackend(new MemoryStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                            }
                        }
                        """));
    }

    @Test
    void subclassAndUnmappedConstructorsGetACommentWithTheTrueReason() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
                        import org.apache.flink.runtime.state.filesystem.FsStateBackend;
                        import org.apache.flink.runtime.state.memory.MemoryStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.net.URI;

                        class Job {
                            void async(StreamExecutionEnvironment env, String dir) {
                                env.setStateBackend(new FsStateBackend(dir, true));
                            }

                            void memoryAsync(StreamExecutionEnvironment env) {
                                env.setStateBackend(new MemoryStateBackend(true));
                            }

                            void savepoints(StreamExecutionEnvironment env, URI dir, URI savepoints) {
                                env.setStateBackend(new FsStateBackend(dir, savepoints));
                            }

                            void threshold(StreamExecutionEnvironment env, URI dir) {
                                env.setStateBackend(new FsStateBackend(dir, 1024, false));
                            }

                            void streamBackend(StreamExecutionEnvironment env, String dir) {
                                env.setStateBackend(new RocksDBStateBackend(new FsStateBackend(dir)));
                            }

                            void other(StreamExecutionEnvironment env, String dir) {
                                env.setStateBackend(new FsStateBackend(dir) {});
                            }
                        }
                        """,
                        """
                        import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
                        import org.apache.flink.runtime.state.filesystem.FsStateBackend;
                        import org.apache.flink.runtime.state.memory.MemoryStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.net.URI;

                        class Job {
                            void async(StreamExecutionEnvironment env, String dir) {
                                // flinkext LegacyStateBackendsToFlink114: FsStateBackend is deprecated (removed in Flink 2.0) and not rewritten here: its argument true is the asynchronous-snapshots flag, which the 1.14+ backends have no place for (Flink 1.20 ignores it: every snapshot is asynchronous). By hand: env.setStateBackend(new HashMapStateBackend()); env.getCheckpointConfig().setCheckpointStorage(dir); drop true.
                                env.setStateBackend(new FsStateBackend(dir, true));
                            }

                            void memoryAsync(StreamExecutionEnvironment env) {
                                // flinkext LegacyStateBackendsToFlink114: MemoryStateBackend is deprecated (removed in Flink 2.0) and not rewritten here: its argument true is the asynchronous-snapshots flag, which the 1.14+ backends have no place for (Flink 1.20 ignores it: every snapshot is asynchronous). By hand: env.setStateBackend(new HashMapStateBackend()); env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage()); drop true.
                                env.setStateBackend(new MemoryStateBackend(true));
                            }

                            void savepoints(StreamExecutionEnvironment env, URI dir, URI savepoints) {
                                // flinkext LegacyStateBackendsToFlink114: FsStateBackend is deprecated (removed in Flink 2.0) and not rewritten here: its argument savepoints is the default savepoint directory, which neither 1.14+ backend nor storage takes. By hand: env.setStateBackend(new HashMapStateBackend()); env.getCheckpointConfig().setCheckpointStorage(dir); env.setDefaultSavepointDirectory(savepoints).
                                env.setStateBackend(new FsStateBackend(dir, savepoints));
                            }

                            void threshold(StreamExecutionEnvironment env, URI dir) {
                                // flinkext LegacyStateBackendsToFlink114: FsStateBackend is deprecated (removed in Flink 2.0) and not rewritten here: its argument 1024 is the file state size threshold, which 1.14+ takes on a FileSystemCheckpointStorage, a call this recipe does not write; its argument false is the asynchronous-snapshots flag, which the 1.14+ backends have no place for (Flink 1.20 ignores it: every snapshot is asynchronous). By hand: env.setStateBackend(new HashMapStateBackend()); env.getCheckpointConfig().setCheckpointStorage(new FileSystemCheckpointStorage(dir, 1024)); drop false.
                                env.setStateBackend(new FsStateBackend(dir, 1024, false));
                            }

                            void streamBackend(StreamExecutionEnvironment env, String dir) {
                                // flinkext LegacyStateBackendsToFlink114: RocksDBStateBackend is deprecated (removed in Flink 2.0) and not rewritten here: its argument new FsStateBackend(dir) is a backend that stands for the checkpoint storage, which 1.14+ sets on its own; which storage that is cannot be told from here. By hand: env.setStateBackend(new EmbeddedRocksDBStateBackend()); env.getCheckpointConfig().setCheckpointStorage(the storage that new FsStateBackend(dir) stands for (its directory for an FsStateBackend, new JobManagerCheckpointStorage() for a MemoryStateBackend)).
                                env.setStateBackend(new RocksDBStateBackend(new FsStateBackend(dir)));
                            }

                            void other(StreamExecutionEnvironment env, String dir) {
                                // flinkext LegacyStateBackendsToFlink114: FsStateBackend is deprecated (removed in Flink 2.0) and not rewritten here: it is an anonymous subclass, whose overrides the new backend would not have. By hand: env.setStateBackend(new HashMapStateBackend()); env.getCheckpointConfig().setCheckpointStorage(dir).
                                env.setStateBackend(new FsStateBackend(dir) {});
                            }
                        }
                        """));
    }

    /** The idiom of Flink 1.10–1.12 jobs: a cast (or parentheses) around the constructor. */
    @Test
    void castOrParenthesesAroundTheConstructorAreRewritten() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;
                        import org.apache.flink.runtime.state.StateBackend;
                        import org.apache.flink.runtime.state.filesystem.FsStateBackend;
                        import org.apache.flink.runtime.state.memory.MemoryStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void fs(StreamExecutionEnvironment env) {
                                env.setStateBackend((StateBackend) new FsStateBackend("hdfs://namenode:8020/flink/checkpoints"));
                            }

                            void memory(StreamExecutionEnvironment env) {
                                env.setStateBackend((StateBackend) new MemoryStateBackend());
                            }

                            void rocksDb(StreamExecutionEnvironment env, String dir) throws Exception {
                                env.setStateBackend((new RocksDBStateBackend(dir, true)));
                            }

                            void both(StreamExecutionEnvironment env, String dir) throws Exception {
                                env.setStateBackend(((StateBackend) new RocksDBStateBackend(dir)));
                            }
                        }
                        """,
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void fs(StreamExecutionEnvironment env) {
                                env.setStateBackend(new HashMapStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage("hdfs://namenode:8020/flink/checkpoints");
                            }

                            void memory(StreamExecutionEnvironment env) {
                                env.setStateBackend(new HashMapStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage());
                            }

                            void rocksDb(StreamExecutionEnvironment env, String dir) throws Exception {
                                env.setStateBackend(new EmbeddedRocksDBStateBackend(true));
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                            }

                            void both(StreamExecutionEnvironment env, String dir) throws Exception {
                                env.setStateBackend(new EmbeddedRocksDBStateBackend());
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                            }
                        }
                        """));
    }

    /** A cast kept elsewhere in the file keeps its import. */
    @Test
    void castInAnExpressionLambdaIsRewrittenAndAnImportStillUsedStays() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.runtime.state.StateBackend;
                        import org.apache.flink.runtime.state.filesystem.FsStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.util.function.BiConsumer;

                        class Job {
                            StateBackend chosen;

                            BiConsumer<StreamExecutionEnvironment, String> setUp =
                                    (env, dir) -> env.setStateBackend((StateBackend) new FsStateBackend(dir));
                        }
                        """,
                        """
                        import org.apache.flink.runtime.state.StateBackend;
                        import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        import java.util.function.BiConsumer;

                        class Job {
                            StateBackend chosen;

                            BiConsumer<StreamExecutionEnvironment, String> setUp =
                                    (env, dir) -> {
                                        env.setStateBackend(new HashMapStateBackend());
                                        env.getCheckpointConfig().setCheckpointStorage(dir);
                                    };
                        }
                        """));
    }

    @Test
    void currentBackendsStayAsTheyAre() {
        rewriteRun(
                java(
                        """
                        import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
                        import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

                        class Job {
                            void setUp(StreamExecutionEnvironment env, String dir) {
                                env.setStateBackend(new EmbeddedRocksDBStateBackend(true));
                                env.getCheckpointConfig().setCheckpointStorage(dir);
                            }
                        }
                        """));
    }
}
