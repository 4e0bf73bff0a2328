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

import org.openrewrite.Cursor;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Preconditions;
import org.openrewrite.Recipe;
import org.openrewrite.Tree;
import org.openrewrite.TreeVisitor;
import org.openrewrite.internal.ListUtils;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.JavaTemplate;
import org.openrewrite.java.search.UsesType;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JRightPadded;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.Statement;
import org.openrewrite.java.tree.TypeUtils;
import org.openrewrite.marker.Markers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Rewrites the state backends of Flink before 1.14, which are also their own checkpoint storage,
 * into a backend plus a checkpoint storage, as Flink 1.14 split them:
 *
 * <ul>
 *   <li>{@code env.setStateBackend(new RocksDBStateBackend(path, incr))} becomes {@code
 *       env.setStateBackend(new EmbeddedRocksDBStateBackend(incr))} and {@code
 *       env.getCheckpointConfig().setCheckpointStorage(path)};
 *   <li>{@code new FsStateBackend(path)} becomes {@code new HashMapStateBackend()} and the storage
 *       {@code path};
 *   <li>{@code new MemoryStateBackend()} becomes {@code new HashMapStateBackend()} and {@code new
 *       JobManagerCheckpointStorage()} (with its maximum state size, if given).
 * </ul>
 *
 * <p>A cast or parentheses around the constructor ({@code env.setStateBackend((StateBackend) new
 * FsStateBackend(dir))}, an idiom of Flink 1.10–1.12 jobs) go with it. Where the rewrite would not
 * keep what the job does, the code is left alone and a comment gives the reason and what to write
 * by hand ({@link LegacyConstructors} knows each constructor's arguments): the backend object is
 * kept in a variable, passed on, returned or subclassed; an argument has no place in the 1.14+ API
 * (the asynchronous-snapshots flag, a savepoint directory) or only in a storage call this recipe
 * does not write; the environment is not a plain variable; or the same block sets a checkpoint
 * storage too (Flink 1.20 ignores it beside a legacy backend, so moving the storage into a call
 * would change which one wins).
 */
@PublicEvolving
public class LegacyStateBackendsToFlink114 extends Recipe {

    static final String ROCKSDB = "org.apache.flink.contrib.streaming.state.RocksDBStateBackend";
    static final String FS = "org.apache.flink.runtime.state.filesystem.FsStateBackend";
    static final String MEMORY = "org.apache.flink.runtime.state.memory.MemoryStateBackend";
    static final String EMBEDDED_ROCKSDB =
            "org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend";
    static final String HASHMAP = "org.apache.flink.runtime.state.hashmap.HashMapStateBackend";
    static final String JOBMANAGER_STORAGE =
            "org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage";
    static final String ENV =
            "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment";
    static final Set<String> LEGACY = Set.of(ROCKSDB, FS, MEMORY);
    private static final String MARK = "flinkext LegacyStateBackendsToFlink114";

    @Override
    public String getDisplayName() {
        return "Flink legacy state backends to backend plus checkpoint storage (Flink 1.14+)";
    }

    @Override
    public String getDescription() {
        return "Replaces `RocksDBStateBackend`, `FsStateBackend` and `MemoryStateBackend`, which"
                + " Flink deprecated in 1.14 and removed in 2.0, by `EmbeddedRocksDBStateBackend`"
                + " or `HashMapStateBackend` plus the checkpoint storage they stood for. Uses that"
                + " cannot be rewritten safely get a comment saying what to do by hand.";
    }

    @Override
    public Duration getEstimatedEffortPerOccurrence() {
        return Duration.ofMinutes(5);
    }

    @Override
    public TreeVisitor<?, ExecutionContext> getVisitor() {
        return Preconditions.check(
                Preconditions.or(
                        new UsesType<>(ROCKSDB, false),
                        new UsesType<>(FS, false),
                        new UsesType<>(MEMORY, false)),
                new Visitor());
    }

    /** What to do with one {@code env.setStateBackend(new Legacy(…))} statement. */
    private record Plan(
            Expression env,
            String backendCode,
            List<Expression> backendArgs,
            String storageCode,
            List<Expression> storageArgs) {}

    /** A legacy backend left alone: its class, why, and what to write by hand. */
    private record LeftAlone(String type, String why, String byHand) {}

    /** A plan to rewrite, or why not and what to write by hand. */
    private record Decision(Plan plan, String why, String byHand) {
        static Decision rewrite(Plan plan) {
            return new Decision(plan, null, null);
        }

        static Decision leave(String why, String byHand) {
            return new Decision(null, why, byHand);
        }
    }

    private static final class Visitor extends JavaIsoVisitor<ExecutionContext> {

        /** Legacy constructor calls to replace, by tree id, in the block being visited. */
        private final Map<UUID, Plan> replacements = new HashMap<>();

        @Override
        public J.Lambda visitLambda(J.Lambda lambda, ExecutionContext ctx) {
            // (env, dir) -> env.setStateBackend(new FsStateBackend(dir)): two statements need a
            // block body, which a lambda whose method returns nothing may have.
            if (lambda.getBody() instanceof J.MethodInvocation
                    && isSetStateBackend((J.MethodInvocation) lambda.getBody())
                    && returnsVoid(lambda)) {
                J.MethodInvocation call = (J.MethodInvocation) lambda.getBody();
                J.Block body =
                        new J.Block(
                                Tree.randomId(),
                                call.getPrefix(),
                                Markers.EMPTY,
                                JRightPadded.build(false),
                                List.of(
                                        JRightPadded.<Statement>build(
                                                        call.withPrefix(Space.format(" ")))
                                                .withAfter(Space.EMPTY)),
                                Space.format(" "));
                lambda = lambda.withBody(body);
                // Templates below read the enclosing code from the cursor: show them the block.
                updateCursor(lambda);
                lambda = super.visitLambda(lambda, ctx);
                if (lambda.getBody() instanceof J.Block
                        && ((J.Block) lambda.getBody()).getStatements().size() == 1) {
                    // Nothing was rewritten: keep the expression body.
                    return lambda.withBody(call);
                }
                return autoFormat(lambda, ctx, getCursor().getParentOrThrow());
            }
            return super.visitLambda(lambda, ctx);
        }

        @Override
        public J.Block visitBlock(J.Block block, ExecutionContext ctx) {
            boolean storageSetHere =
                    block.getStatements().stream().anyMatch(Visitor::setsCheckpointStorage);
            Map<UUID, Plan> planned = new HashMap<>();
            Map<UUID, String> unsafe = new HashMap<>();
            Map<UUID, J.NewClass> unwrap = new HashMap<>();
            for (Statement statement : block.getStatements()) {
                if (statement instanceof J.MethodInvocation
                        && isSetStateBackend((J.MethodInvocation) statement)) {
                    J.MethodInvocation call = (J.MethodInvocation) statement;
                    J.NewClass backend = backendArgument(call);
                    Decision decision = decide(call.getSelect(), backend, storageSetHere);
                    if (decision.plan() != null) {
                        planned.put(statement.getId(), decision.plan());
                        replacements.put(backend.getId(), decision.plan());
                        if (call.getArguments().get(0) != backend) {
                            unwrap.put(statement.getId(), backend);
                        }
                        continue;
                    }
                    unsafe.put(
                            statement.getId(),
                            comment(legacyType(backend), decision.why(), decision.byHand()));
                    continue;
                }
                LeftAlone legacy = legacyUseIn(statement);
                if (legacy != null) {
                    unsafe.put(
                            statement.getId(),
                            comment(legacy.type(), legacy.why(), legacy.byHand()));
                }
            }
            // (StateBackend) new FsStateBackend(dir): the cast or parentheses go with the legacy
            // class, as the new backends are StateBackends too.
            block =
                    block.withStatements(
                            ListUtils.map(
                                    block.getStatements(),
                                    s -> {
                                        J.NewClass backend = unwrap.get(s.getId());
                                        if (backend == null) {
                                            return s;
                                        }
                                        J.MethodInvocation call = (J.MethodInvocation) s;
                                        removeCastImports(call.getArguments().get(0));
                                        return call.withArguments(
                                                List.of(
                                                        backend.withPrefix(
                                                                call.getArguments()
                                                                        .get(0)
                                                                        .getPrefix())));
                                    }));
            updateCursor(block);

            J.Block b = super.visitBlock(block, ctx);

            for (Map.Entry<UUID, String> entry : unsafe.entrySet()) {
                b =
                        b.withStatements(
                                ListUtils.map(
                                        b.getStatements(),
                                        s ->
                                                s.getId().equals(entry.getKey())
                                                        ? StateSetters.withComment(
                                                                s, entry.getValue(), MARK, false)
                                                        : s));
            }
            for (Map.Entry<UUID, Plan> entry : planned.entrySet()) {
                Statement statement = null;
                for (Statement s : b.getStatements()) {
                    if (s.getId().equals(entry.getKey())) {
                        statement = s;
                    }
                }
                if (statement == null) {
                    continue;
                }
                Plan plan = entry.getValue();
                List<Object> args = new ArrayList<>();
                args.add(plan.env().withId(Tree.randomId()));
                args.addAll(plan.storageArgs());
                b =
                        JavaTemplate.builder(
                                        "#{any("
                                                + ENV
                                                + ")}.getCheckpointConfig().setCheckpointStorage("
                                                + plan.storageCode()
                                                + ");")
                                .javaParser(FlinkStubs.parser())
                                .imports(JOBMANAGER_STORAGE)
                                .build()
                                .apply(
                                        updateCursor(b),
                                        statement.getCoordinates().after(),
                                        args.toArray());
                if (plan.storageCode().contains("JobManagerCheckpointStorage")) {
                    maybeAddImport(JOBMANAGER_STORAGE);
                }
            }
            return b;
        }

        @Override
        public J.NewClass visitNewClass(J.NewClass newClass, ExecutionContext ctx) {
            J.NewClass n = super.visitNewClass(newClass, ctx);
            Plan plan = replacements.remove(newClass.getId());
            if (plan == null) {
                return n;
            }
            String replaced =
                    TypeUtils.asFullyQualified(newClass.getType()).getFullyQualifiedName();
            String added =
                    plan.backendCode().contains("EmbeddedRocksDB") ? EMBEDDED_ROCKSDB : HASHMAP;
            maybeRemoveImport(replaced);
            maybeAddImport(added);
            return JavaTemplate.builder(plan.backendCode())
                    .javaParser(FlinkStubs.parser())
                    .imports(added)
                    .build()
                    .apply(getCursor(), n.getCoordinates().replace(), plan.backendArgs().toArray());
        }

        /** What to do with {@code new Legacy(args)} handed straight to {@code env}. */
        private static Decision decide(Expression env, J.NewClass backend, boolean storageSetHere) {
            String type = legacyType(backend);
            List<Expression> args = arguments(backend);
            List<LegacyConstructors.Role> roles = LegacyConstructors.roles(backend, args);
            String byHand = LegacyConstructors.byHand(type, roles, args);
            if (backend.getBody() != null) {
                return Decision.leave(
                        "it is an anonymous subclass, whose overrides the new backend would not"
                                + " have",
                        byHand);
            }
            if (!isPlainReference(env)) {
                return Decision.leave(
                        "the environment "
                                + LegacyConstructors.text(env)
                                + " is not a plain variable, and the storage call would evaluate"
                                + " it a second time",
                        byHand);
            }
            if (!LegacyConstructors.rewritable(roles)) {
                return Decision.leave(LegacyConstructors.why(roles, args), byHand);
            }
            if (storageSetHere) {
                return Decision.leave(
                        "this block also sets a checkpoint storage, which Flink 1.20 ignores"
                                + " beside a legacy backend; decide which storage the job should"
                                + " use",
                        byHand);
            }
            if (ROCKSDB.equals(type)) {
                if (args.size() == 1) {
                    return Decision.rewrite(
                            new Plan(
                                    env,
                                    "new EmbeddedRocksDBStateBackend()",
                                    List.of(),
                                    "#{any()}",
                                    args));
                }
                return Decision.rewrite(
                        new Plan(
                                env,
                                "new EmbeddedRocksDBStateBackend(#{any(boolean)})",
                                List.of(args.get(1)),
                                "#{any()}",
                                List.of(args.get(0))));
            }
            if (FS.equals(type)) {
                return Decision.rewrite(
                        new Plan(env, "new HashMapStateBackend()", List.of(), "#{any()}", args));
            }
            return Decision.rewrite(
                    new Plan(
                            env,
                            "new HashMapStateBackend()",
                            List.of(),
                            args.isEmpty()
                                    ? "new JobManagerCheckpointStorage()"
                                    : "new JobManagerCheckpointStorage(#{any(int)})",
                            args));
        }

        /** The legacy backend an {@code env.setStateBackend} call is given, or null. */
        static J.NewClass backendArgument(J.MethodInvocation call) {
            if (call.getArguments().size() != 1) {
                return null;
            }
            Expression arg = StateSetters.unwrap(call.getArguments().get(0));
            return arg instanceof J.NewClass && legacyType((J.NewClass) arg) != null
                    ? (J.NewClass) arg
                    : null;
        }

        /** Imports that a removed cast named may have left unused. */
        private void removeCastImports(Expression e) {
            for (Expression x = e; x != null; x = StateSetters.inner(x)) {
                if (x instanceof J.TypeCast) {
                    JavaType.FullyQualified cast =
                            TypeUtils.asFullyQualified(((J.TypeCast) x).getClazz().getType());
                    if (cast != null) {
                        maybeRemoveImport(cast.getFullyQualifiedName());
                    }
                }
            }
        }

        private static boolean isSetStateBackend(J.MethodInvocation call) {
            return call.getSimpleName().equals("setStateBackend")
                    && call.getSelect() != null
                    && TypeUtils.isAssignableTo(ENV, call.getSelect().getType())
                    && backendArgument(call) != null;
        }

        private static boolean setsCheckpointStorage(Statement statement) {
            return statement instanceof J.MethodInvocation
                    && ((J.MethodInvocation) statement)
                            .getSimpleName()
                            .equals("setCheckpointStorage");
        }

        private static String legacyType(J.NewClass newClass) {
            JavaType.FullyQualified type = TypeUtils.asFullyQualified(newClass.getType());
            if (type == null) {
                return null;
            }
            if (LEGACY.contains(type.getFullyQualifiedName())) {
                return type.getFullyQualifiedName();
            }
            // An anonymous subclass: new RocksDBStateBackend(dir) { … }.
            JavaType.FullyQualified supertype = type.getSupertype();
            if (newClass.getBody() != null
                    && supertype != null
                    && LEGACY.contains(supertype.getFullyQualifiedName())) {
                return supertype.getFullyQualifiedName();
            }
            return null;
        }

        /**
         * The first legacy backend a statement uses other than as a statement {@code
         * env.setStateBackend(new Legacy(…))} of its own, or null: its class, why it is left alone
         * and what to write by hand.
         */
        private static LeftAlone legacyUseIn(Statement statement) {
            LeftAlone[] found = new LeftAlone[1];
            new JavaIsoVisitor<Integer>() {
                @Override
                public J.Block visitBlock(J.Block block, Integer p) {
                    // Nested blocks are visited, and commented, on their own.
                    return block;
                }

                @Override
                public J.Lambda visitLambda(J.Lambda lambda, Integer p) {
                    if (lambda.getBody() instanceof J.MethodInvocation
                            && isSetStateBackend((J.MethodInvocation) lambda.getBody())
                            && returnsVoid(lambda)) {
                        J.MethodInvocation call = (J.MethodInvocation) lambda.getBody();
                        Decision decision = decide(call.getSelect(), backendArgument(call), false);
                        if (decision.plan() != null) {
                            return lambda; // rewritten by visitLambda
                        }
                    }
                    return super.visitLambda(lambda, p);
                }

                @Override
                public J.NewClass visitNewClass(J.NewClass newClass, Integer p) {
                    String type = legacyType(newClass);
                    if (type != null && found[0] == null) {
                        found[0] = use(type, newClass, getCursor());
                    }
                    return newClass;
                }

                @Override
                public J.ClassDeclaration visitClassDeclaration(J.ClassDeclaration c, Integer p) {
                    JavaType.FullyQualified superclass =
                            c.getExtends() == null
                                    ? null
                                    : TypeUtils.asFullyQualified(c.getExtends().getType());
                    if (superclass != null
                            && LEGACY.contains(superclass.getFullyQualifiedName())
                            && found[0] == null) {
                        String type = superclass.getFullyQualifiedName();
                        found[0] =
                                new LeftAlone(
                                        type,
                                        "the class "
                                                + c.getSimpleName()
                                                + " extends it, and a subclass needs its new"
                                                + " superclass and overrides chosen by hand",
                                        LegacyConstructors.byHand(type));
                    }
                    return c;
                }
            }.visit(statement, 0, new Cursor(null, Cursor.ROOT_VALUE));
            return found[0];
        }

        /** Why {@code backend}, found where {@code cursor} points, is left alone. */
        private static LeftAlone use(String type, J.NewClass backend, Cursor cursor) {
            Cursor parent = cursor.getParentTreeCursor();
            while (parent.getValue() instanceof J.TypeCast
                    || parent.getValue() instanceof J.Parentheses) {
                parent = parent.getParentTreeCursor();
            }
            Object where = parent.getValue();
            String byHand = LegacyConstructors.byHand(type);
            String why;
            if (where instanceof J.MethodInvocation
                    && isSetStateBackend((J.MethodInvocation) where)
                    && backendArgument((J.MethodInvocation) where) == backend) {
                J.MethodInvocation call = (J.MethodInvocation) where;
                Decision decision = decide(call.getSelect(), backend, false);
                if (decision.plan() == null) {
                    return new LeftAlone(type, decision.why(), decision.byHand());
                }
                why =
                        "its env.setStateBackend call is not a statement of a block of its own"
                                + " (e.g. it is an if's body without braces, or part of an"
                                + " expression), where the storage call could follow it";
                List<Expression> args = arguments(backend);
                byHand =
                        LegacyConstructors.byHand(
                                type, LegacyConstructors.roles(backend, args), args);
            } else if (where instanceof J.VariableDeclarations.NamedVariable) {
                why =
                        "it is kept in the variable "
                                + ((J.VariableDeclarations.NamedVariable) where).getSimpleName()
                                + ", whose other uses (setters such as"
                                + " setNumberOfTransferThreads, other calls) need a home on the"
                                + " new backend or in configuration";
            } else if (where instanceof J.Assignment) {
                why =
                        "it is assigned to "
                                + LegacyConstructors.text(((J.Assignment) where).getVariable())
                                + ", whose other uses need a home on the new backend or in"
                                + " configuration";
            } else if (where instanceof J.Return) {
                why = "it is returned, and where it goes is decided elsewhere";
            } else if (where instanceof J.MethodInvocation) {
                why =
                        "it is passed to "
                                + ((J.MethodInvocation) where).getSimpleName()
                                + "(…), not straight to env.setStateBackend";
            } else {
                why = "it is part of an expression, not handed straight to env.setStateBackend";
            }
            return new LeftAlone(type, why, byHand);
        }

        private static boolean returnsVoid(J.Lambda lambda) {
            JavaType.FullyQualified type = TypeUtils.asFullyQualified(lambda.getType());
            if (type == null) {
                return false;
            }
            for (JavaType.Method method : type.getMethods()) {
                if (method.hasFlags(Flag.Abstract) && !method.hasFlags(Flag.Default)) {
                    return method.getReturnType() == JavaType.Primitive.Void;
                }
            }
            return false;
        }

        private static boolean isPlainReference(Expression env) {
            if (env instanceof J.Identifier) {
                return true;
            }
            return env instanceof J.FieldAccess
                    && isPlainReference(((J.FieldAccess) env).getTarget());
        }

        private static List<Expression> arguments(J.NewClass newClass) {
            List<Expression> args = new ArrayList<>();
            for (Expression arg : newClass.getArguments()) {
                if (!(arg instanceof J.Empty)) {
                    args.add(arg);
                }
            }
            return args;
        }

        private static String comment(String legacyClass, String why, String byHand) {
            String simple = legacyClass.substring(legacyClass.lastIndexOf('.') + 1);
            return " "
                    + MARK
                    + ": "
                    + simple
                    + " is deprecated (removed in Flink 2.0) and not rewritten here: "
                    + why
                    + ". By hand: "
                    + byHand
                    + ".";
        }
    }
}
