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
import org.openrewrite.java.ChangeType;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.search.UsesMethod;
import org.openrewrite.java.search.UsesType;
import org.openrewrite.java.tree.J;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
 * environment that way, else to {@code env.configure(conf)} where the setters were. A setter called
 * again replaced what the call before it set, so only the last call of each kind (backend, storage,
 * retention) is written; the comments above the moved statements go with their settings. What
 * cannot be moved safely (a backend built elsewhere or subclassed, a backend object used beyond its
 * setters, a storage of another kind, …) is left alone with a comment saying what to do by hand.
 *
 * <p>RocksDB moves class by class: a class Flink 2.0 removed ({@code RocksDBStateBackend}, {@code
 * RocksDBStateBackendFactory}, …) keeps its 1.x name, which does exist, rather than a 2.x name that
 * does not, and its import gets a comment (as do those of {@code FsStateBackend} and {@code
 * MemoryStateBackend}).
 */
@PublicEvolving
public class StateConfigForFlink2 extends Recipe {

    static final String ROCKSDB_OLD_PACKAGE = "org.apache.flink.contrib.streaming.state";
    static final String ROCKSDB_NEW_PACKAGE = "org.apache.flink.state.rocksdb";

    /**
     * The classes of Flink 1.20's {@code org.apache.flink.contrib.streaming.state} that Flink 2.x
     * has in {@code org.apache.flink.state.rocksdb} ({@code RocksDbPackageMoveTest} checks the list
     * against both jars).
     */
    static final List<String> ROCKSDB_MOVED =
            List.of(
                    "AbstractRocksDBAppendingState",
                    "AbstractRocksDBState",
                    "ConfigurableRocksDBOptionsFactory",
                    "EmbeddedRocksDBStateBackend",
                    "EmbeddedRocksDBStateBackendFactory",
                    "MemoryShareScope",
                    "PredefinedOptions",
                    "RocksDBAggregatingState",
                    "RocksDBCachingPriorityQueueSet",
                    "RocksDBConfigurableOptions",
                    "RocksDBIncrementalCheckpointUtils",
                    "RocksDBKeyedStateBackend",
                    "RocksDBKeyedStateBackendBuilder",
                    "RocksDBListState",
                    "RocksDBMapState",
                    "RocksDBMemoryConfiguration",
                    "RocksDBMemoryControllerUtils",
                    "RocksDBNativeMetricMonitor",
                    "RocksDBNativeMetricOptions",
                    "RocksDBOperationUtils",
                    "RocksDBOptions",
                    "RocksDBOptionsFactory",
                    "RocksDBPriorityQueueConfig",
                    "RocksDBPriorityQueueSetFactory",
                    "RocksDBProperty",
                    "RocksDBReducingState",
                    "RocksDBResourceContainer",
                    "RocksDBSharedResources",
                    "RocksDBSharedResourcesFactory",
                    "RocksDBSnapshotTransformFactoryAdaptor",
                    "RocksDBStateDataTransferHelper",
                    "RocksDBStateDownloader",
                    "RocksDBStateUploader",
                    "RocksDBValueState",
                    "RocksDBWriteBatchWrapper",
                    "RocksIteratorWrapper",
                    "StateHandleDownloadSpec",
                    "TreeOrderedSetCache");

    /**
     * Classes that Flink 2.0 removed without a successor of the same name: a reference keeps its
     * 1.x name (there is none to move it to), and its import gets a comment.
     */
    static final Set<String> REMOVED =
            Set.of(
                    ROCKSDB_OLD_PACKAGE + ".RocksDBStateBackend",
                    ROCKSDB_OLD_PACKAGE + ".RocksDBStateBackendFactory",
                    ROCKSDB_OLD_PACKAGE + ".DefaultConfigurableOptionsFactory",
                    ROCKSDB_OLD_PACKAGE + ".LegacyEnumBridge",
                    LegacyStateBackendsToFlink114.FS,
                    LegacyStateBackendsToFlink114.FS + "Factory",
                    LegacyStateBackendsToFlink114.MEMORY,
                    LegacyStateBackendsToFlink114.MEMORY + "Factory");

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
        // Class by class, not OpenRewrite's ChangePackage: that would also move the classes
        // Flink 2.0 removed, to names that do not exist.
        List<Recipe> moves = new ArrayList<>();
        for (String name : ROCKSDB_MOVED) {
            moves.add(
                    new ChangeType(
                            ROCKSDB_OLD_PACKAGE + "." + name,
                            ROCKSDB_NEW_PACKAGE + "." + name,
                            false));
        }
        // Last, once the imports of this run are in place.
        moves.add(new CommentRemovedImports());
        return moves;
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

    /** Comments each import of a class that Flink 2.0 removed. */
    static final class CommentRemovedImports extends Recipe {

        @Override
        public String getDisplayName() {
            return "Comment imports of state classes that Flink 2.0 removed";
        }

        @Override
        public String getDescription() {
            return "Marks an import of `RocksDBStateBackend`, `FsStateBackend`, `MemoryStateBackend`"
                    + " and the other state classes Flink 2.0 removed, which keep their 1.x names.";
        }

        @Override
        public TreeVisitor<?, ExecutionContext> getVisitor() {
            List<TreeVisitor<?, ExecutionContext>> uses = new ArrayList<>();
            REMOVED.forEach(type -> uses.add(new UsesType<>(type, false)));
            return Preconditions.check(
                    Preconditions.or(uses.toArray(new TreeVisitor[0])),
                    new JavaIsoVisitor<ExecutionContext>() {
                        @Override
                        public J.Import visitImport(J.Import anImport, ExecutionContext ctx) {
                            if (anImport.isStatic() || !REMOVED.contains(anImport.getTypeName())) {
                                return anImport;
                            }
                            return StateSetters.withComment(
                                    anImport,
                                    removedComment(anImport.getTypeName()),
                                    StateSetters.MARK,
                                    false);
                        }
                    });
        }
    }

    /** The comment on an import of a class Flink 2.0 removed. */
    private static String removedComment(String type) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        String where =
                type.startsWith(ROCKSDB_OLD_PACKAGE + ".")
                        ? "; it keeps its 1.x name, as " + ROCKSDB_NEW_PACKAGE + " has no " + simple
                        : "";
        return " "
                + StateSetters.MARK
                + ": Flink 2.0 removed "
                + simple
                + where
                + ". Replace its uses (a flinkext comment where it is used says what to write)"
                + " before building against Flink 2.x.";
    }
}
