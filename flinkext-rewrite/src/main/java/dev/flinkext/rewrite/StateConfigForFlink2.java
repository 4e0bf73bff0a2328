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

import org.apache.flink.annotation.PublicEvolving;

import org.openrewrite.ExecutionContext;
import org.openrewrite.Preconditions;
import org.openrewrite.Recipe;
import org.openrewrite.TreeVisitor;
import org.openrewrite.java.ChangePackage;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.search.UsesMethod;
import org.openrewrite.java.tree.J;

import java.time.Duration;
import java.util.List;

/**
 * Moves a Flink 1.20 job's state setup from the setters that Flink 2.0 removed into configuration,
 * and RocksDB from {@code org.apache.flink.contrib.streaming.state} to {@code
 * org.apache.flink.state.rocksdb}:
 *
 * <ul>
 *   <li>{@code env.setStateBackend(new EmbeddedRocksDBStateBackend(incr))} or {@code new
 *       HashMapStateBackend()}, also through a local variable whose only other uses are the RocksDB
 *       setters ({@code setDbStoragePath(s)}, {@code setPredefinedOptions}, {@code
 *       setRocksDBOptions(new Factory())}, {@code setNumberOfTransferThreads}, {@code
 *       setWriteBatchSize}, {@code setPriorityQueueStateType});
 *   <li>{@code env.getCheckpointConfig().setCheckpointStorage(…)} with a directory ({@code String},
 *       {@code URI}, Flink {@code Path}), {@code new FileSystemCheckpointStorage(dir)} or {@code
 *       new JobManagerCheckpointStorage()};
 *   <li>{@code enableExternalizedCheckpoints} / {@code setExternalizedCheckpointCleanup}.
 * </ul>
 *
 * <p>They become {@code conf.set(…)} calls on Flink's own {@code ConfigOption} constants ({@code
 * StateBackendOptions.STATE_BACKEND}, {@code CheckpointingOptions.CHECKPOINTS_DIRECTORY}, {@code
 * RocksDBOptions.LOCAL_DIRECTORIES}, …), so a key that Flink renames fails to compile instead of
 * setting nothing. The {@code Configuration} is passed to {@code
 * StreamExecutionEnvironment.getExecutionEnvironment(conf)} when the same block creates the
 * environment that way, else to {@code env.configure(conf)} where the setters were. What cannot be
 * moved safely (a backend built elsewhere or subclassed, a backend object used beyond its setters,
 * a storage of another kind, …) is left alone with a comment saying what to do by hand.
 */
@PublicEvolving
public class StateConfigForFlink2 extends Recipe {

    static final String ROCKSDB_OLD_PACKAGE = "org.apache.flink.contrib.streaming.state";
    static final String ROCKSDB_NEW_PACKAGE = "org.apache.flink.state.rocksdb";

    @Override
    public String getDisplayName() {
        return "Flink state backend and checkpoint storage setters to configuration (Flink 2.x)";
    }

    @Override
    public String getDescription() {
        return "Replaces `env.setStateBackend(…)`, `env.getCheckpointConfig().setCheckpointStorage(…)`"
                + " and `enableExternalizedCheckpoints(…)`, which Flink 2.0 removed, and the RocksDB"
                + " backend's setters (still there, but the environment has no setter left that takes"
                + " the backend) by Flink's configuration options in a `Configuration` passed to the"
                + " environment, and moves RocksDB's classes to `org.apache.flink.state.rocksdb`."
                + " Uses that cannot be moved safely get a comment saying what to do by hand.";
    }

    @Override
    public Duration getEstimatedEffortPerOccurrence() {
        return Duration.ofMinutes(5);
    }

    @Override
    public List<Recipe> getRecipeList() {
        return List.of(new ChangePackage(ROCKSDB_OLD_PACKAGE, ROCKSDB_NEW_PACKAGE, false));
    }

    @Override
    public TreeVisitor<?, ExecutionContext> getVisitor() {
        String env = LegacyStateBackendsToFlink114.ENV;
        String checkpointConfig = StateSetters.CHECKPOINT_CONFIG;
        return Preconditions.check(
                Preconditions.or(
                        new UsesMethod<>(env + " setStateBackend(..)"),
                        new UsesMethod<>(checkpointConfig + " setCheckpointStorage(..)"),
                        new UsesMethod<>(checkpointConfig + " enableExternalizedCheckpoints(..)"),
                        new UsesMethod<>(
                                checkpointConfig + " setExternalizedCheckpointCleanup(..)")),
                new JavaIsoVisitor<ExecutionContext>() {
                    @Override
                    public J.Block visitBlock(J.Block block, ExecutionContext ctx) {
                        J.Block b = super.visitBlock(block, ctx);
                        return new StateSettersToConfiguration(this, getCursor()).rewrite(b);
                    }

                    @Override
                    public J.MethodInvocation visitMethodInvocation(
                            J.MethodInvocation method, ExecutionContext ctx) {
                        J.MethodInvocation m = super.visitMethodInvocation(method, ctx);
                        // Calls that are statements of a block are handled by visitBlock; these
                        // sit inside an expression (a chain, an expression lambda).
                        if (getCursor().getParentTreeCursor().getValue() instanceof J.Block) {
                            return m;
                        }
                        return StateSetters.commentInExpression(m);
                    }
                });
    }
}
