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

import dev.flinkext.rewrite.StateSetters.Meaning;
import dev.flinkext.rewrite.StateSetters.Setting;

import org.openrewrite.Cursor;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Tree;
import org.openrewrite.internal.ListUtils;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.JavaTemplate;
import org.openrewrite.java.JavaVisitor;
import org.openrewrite.java.tree.Comment;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.Statement;
import org.openrewrite.java.tree.TypeUtils;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The rewrite of one block's statements for StateConfigForFlink2. */
final class StateSettersToConfiguration {

    private static final String CONFIGURATION = "org.apache.flink.configuration.Configuration";

    private final JavaVisitor<ExecutionContext> visitor;
    private final Cursor blockCursor;

    StateSettersToConfiguration(JavaVisitor<ExecutionContext> visitor, Cursor blockCursor) {
        this.visitor = visitor;
        this.blockCursor = blockCursor;
    }

    /** What a removed setter sets; a later call of a kind replaces what earlier ones set. */
    private enum Kind {
        BACKEND,
        STORAGE,
        RETENTION
    }

    /**
     * Statements that move into configuration, for one environment: one setter, or a backend
     * variable with its setters and the {@code setStateBackend} call it is handed to.
     */
    private record Item(int index, Kind kind, Expression env, List<Part> parts) {}

    /** One removed statement and the settings it stands for. */
    private record Part(UUID statement, List<Setting> settings) {}

    /** A {@code conf.set(…)} line to write, and the comments that sat above its statement. */
    private record Line(Setting setting, List<Comment> comments) {}

    /** A local {@code X backend = new EmbeddedRocksDBStateBackend(…)} and its uses. */
    private static final class BackendVariable {
        final int index;
        final UUID id;
        final String name;
        final J.NewClass backend;
        final List<J.MethodInvocation> setters = new ArrayList<>();
        J.MethodInvocation setOn;
        int setOnIndex;

        BackendVariable(int index, UUID id, String name, J.NewClass backend) {
            this.index = index;
            this.id = id;
            this.name = name;
            this.backend = backend;
        }
    }

    J.Block rewrite(J.Block block) {
        List<Statement> statements = block.getStatements();
        Map<String, BackendVariable> variables = new LinkedHashMap<>();
        List<Item> items = new ArrayList<>();
        Map<UUID, String> unsafe = new LinkedHashMap<>();

        for (int i = 0; i < statements.size(); i++) {
            Statement s = statements.get(i);
            BackendVariable variable = backendVariable(i, s);
            if (variable != null) {
                variables.put(variable.name, variable);
                continue;
            }
            if (!(s instanceof J.MethodInvocation)) {
                continue;
            }
            J.MethodInvocation call = (J.MethodInvocation) s;
            if (call.getSelect() instanceof J.Identifier
                    && variables.containsKey(((J.Identifier) call.getSelect()).getSimpleName())
                    && StateSetters.ROCKSDB_SETTERS.contains(call.getSimpleName())) {
                variables.get(((J.Identifier) call.getSelect()).getSimpleName()).setters.add(call);
                continue;
            }
            if (!StateSetters.isRemovedSetter(call)) {
                continue;
            }
            Expression env = StateSetters.environmentOf(call);
            if (env == null) {
                unsafe.put(
                        call.getId(),
                        StateSetters.comment(
                                call,
                                "it is not called on a plain environment variable or its"
                                        + " getCheckpointConfig()"));
                continue;
            }
            List<Expression> args = StateSetters.arguments(call);
            if (call.getSimpleName().equals("setStateBackend")
                    && args.size() == 1
                    && args.get(0) instanceof J.Identifier
                    && variables.containsKey(((J.Identifier) args.get(0)).getSimpleName())
                    && variables.get(((J.Identifier) args.get(0)).getSimpleName()).setOn == null) {
                BackendVariable v = variables.get(((J.Identifier) args.get(0)).getSimpleName());
                v.setOn = call;
                v.setOnIndex = i;
                continue;
            }
            Meaning meaning = StateSetters.meaning(call);
            if (meaning.unsafe() != null) {
                unsafe.put(call.getId(), StateSetters.comment(call, meaning.unsafe()));
            } else {
                items.add(
                        new Item(
                                i,
                                kindOf(call),
                                env,
                                List.of(new Part(call.getId(), meaning.settings()))));
            }
        }

        for (BackendVariable v : variables.values()) {
            if (v.setOn == null) {
                continue; // not handed to an environment here: none of this recipe's business
            }
            String why = null;
            List<Part> parts = new ArrayList<>();
            Meaning backend = StateSetters.backend(v.backend);
            if (backend.unsafe() != null) {
                why = backend.unsafe();
            }
            parts.add(new Part(v.id, backend.settings()));
            for (J.MethodInvocation setter : v.setters) {
                Meaning m = StateSetters.rocksDbSetter(setter);
                if (why == null && m.unsafe() != null) {
                    why = m.unsafe();
                }
                parts.add(new Part(setter.getId(), m.settings()));
            }
            parts.add(new Part(v.setOn.getId(), List.of()));
            if (why == null && references(statements, v.name, v.id) != v.setters.size() + 1) {
                why = "the backend object " + v.name + " is used beyond its setters";
            }
            if (why == null && !v.setters.isEmpty() && !isRocksDb(v.backend)) {
                why = "these setters are not the RocksDB backend's";
            }
            if (why != null) {
                unsafe.put(v.setOn.getId(), StateSetters.comment(v.setOn, why));
                continue;
            }
            items.add(
                    new Item(
                            v.setOnIndex,
                            Kind.BACKEND,
                            StateSetters.environmentOf(v.setOn),
                            parts));
        }

        J.Block b = block;
        for (Map.Entry<UUID, String> entry : unsafe.entrySet()) {
            b =
                    b.withStatements(
                            ListUtils.map(
                                    b.getStatements(),
                                    s ->
                                            s.getId().equals(entry.getKey())
                                                    ? StateSetters.withComment(s, entry.getValue())
                                                    : s));
        }

        Map<String, List<Item>> byEnvironment = new LinkedHashMap<>();
        items.sort((x, y) -> Integer.compare(x.index(), y.index()));
        for (Item item : items) {
            byEnvironment
                    .computeIfAbsent(item.env().printTrimmed(blockCursor), k -> new ArrayList<>())
                    .add(item);
        }
        for (Map.Entry<String, List<Item>> group : byEnvironment.entrySet()) {
            b = moveIntoConfiguration(b, group.getKey(), group.getValue());
        }
        return b;
    }

    private J.Block moveIntoConfiguration(J.Block b, String envName, List<Item> items) {
        Map<UUID, Statement> byId = new HashMap<>();
        List<Statement> statements = b.getStatements();
        for (Statement s : statements) {
            byId.put(s.getId(), s);
        }
        Set<UUID> removed = new HashSet<>();
        for (Item item : items) {
            item.parts().forEach(part -> removed.add(part.statement()));
        }
        // Comments above a removed statement go with what it becomes; a comment ending the line
        // of a removed statement (in the prefix of the next one) belongs to it too.
        Map<UUID, List<Comment>> carried = new HashMap<>();
        for (int i = 0; i <= statements.size(); i++) {
            Space prefix = i < statements.size() ? statements.get(i).getPrefix() : b.getEnd();
            if (i > 0 && removed.contains(statements.get(i - 1).getId())) {
                carried.computeIfAbsent(statements.get(i - 1).getId(), k -> new ArrayList<>())
                        .addAll(CarriedComments.endOfLineBefore(prefix).getComments());
            }
            if (i < statements.size() && removed.contains(statements.get(i).getId())) {
                carried.computeIfAbsent(statements.get(i).getId(), k -> new ArrayList<>())
                        .addAll(CarriedComments.above(prefix));
            }
        }

        // Each call of a kind replaced what the calls before it set (the setters replace the
        // environment's backend or storage object): only the last one's settings are written.
        Map<Kind, Item> last = new EnumMap<>(Kind.class);
        items.forEach(item -> last.put(item.kind(), item));
        List<Line> lines = new ArrayList<>();
        List<Comment> pending = new ArrayList<>();
        for (Item item : items) {
            for (Part part : item.parts()) {
                pending.addAll(carried.getOrDefault(part.statement(), List.of()));
                if (last.get(item.kind()) != item) {
                    continue;
                }
                for (Setting setting : part.settings()) {
                    lines.add(new Line(setting, pending));
                    pending = new ArrayList<>();
                }
            }
        }

        List<Object> args = new ArrayList<>();
        Set<String> imports = new LinkedHashSet<>();
        List<String> stubs = new ArrayList<>();
        Set<String> usedNames = new HashSet<>();
        for (Line line : lines) {
            Setting setting = line.setting();
            args.addAll(setting.args());
            imports.add(setting.option().owner());
            imports.addAll(setting.imports());
            stubs.addAll(setting.stubs());
            setting.args().forEach(a -> usedNames.addAll(identifiers(a)));
        }
        String conf = freshName(b, "stateConfig");
        StringBuilder code =
                new StringBuilder("Configuration " + conf + " = new Configuration();\n");
        for (Line line : lines) {
            code.append(conf)
                    .append(".set(")
                    .append(line.setting().option().code())
                    .append(", ")
                    .append(line.setting().value())
                    .append(");\n");
        }

        int first = items.get(0).index();
        J.VariableDeclarations declaration = environmentDeclaration(b, envName, first, usedNames);
        UUID anchor;
        boolean before;
        if (declaration != null) {
            anchor = declaration.getId();
            before = true;
        } else {
            code.append(
                    "#{any(" + LegacyStateBackendsToFlink114.ENV + ")}.configure(" + conf + ");");
            args.add(items.get(0).env().withId(Tree.randomId()));
            List<Part> lastParts = items.get(items.size() - 1).parts();
            anchor = lastParts.get(lastParts.size() - 1).statement();
            before = false;
        }
        imports.add(CONFIGURATION);
        // Written as the block's last statements (a template anchored on a method call may be
        // parsed as an expression), then moved to the anchor.
        int size = statements.size();
        b =
                JavaTemplate.builder(code.toString())
                        .javaParser(FlinkStubs.parser(stubs.toArray(new String[0])))
                        .imports(imports.toArray(new String[0]))
                        .build()
                        .apply(
                                new Cursor(blockCursor.getParentOrThrow(), b),
                                b.getCoordinates().lastStatement(),
                                args.toArray());
        List<Statement> all = new ArrayList<>(b.getStatements());
        List<Statement> written = new ArrayList<>(all.subList(size, all.size()));
        Statement anchorStatement = byId.get(anchor);
        String indent = anchorStatement.getPrefix().getIndent();
        for (int i = 0; i < lines.size(); i++) {
            Statement line = written.get(i + 1);
            written.set(
                    i + 1,
                    line.withPrefix(
                            CarriedComments.withAbove(
                                    line.getPrefix(), lines.get(i).comments(), indent)));
        }
        Space firstPrefix =
                anchorStatement.getPrefix().getWhitespace().contains("\n")
                        ? Space.format(anchorStatement.getPrefix().getWhitespace())
                        : Space.format("\n" + indent);
        written.set(0, written.get(0).withPrefix(firstPrefix));

        // The block again: the written statements at the anchor, the removed ones gone, and the
        // comments that ended a line kept on that line.
        List<Statement> result = new ArrayList<>();
        Space endOfLine = Space.EMPTY;
        for (int i = 0; i < size; i++) {
            Statement s = statements.get(i);
            boolean afterRemoved = i > 0 && removed.contains(statements.get(i - 1).getId());
            if (s.getId().equals(anchor) && before) {
                J.VariableDeclarations d =
                        passConfiguration(
                                (J.VariableDeclarations) s,
                                ((J.VariableDeclarations) written.get(0)).getVariables().get(0));
                endOfLine =
                        CarriedComments.join(
                                endOfLine, CarriedComments.endOfLineBefore(d.getPrefix()));
                carryEndOfLine(written, endOfLine);
                endOfLine = Space.EMPTY;
                result.addAll(written);
                Space own = Space.build("\n" + indent, CarriedComments.above(d.getPrefix()));
                result.add(d.withPrefix(CarriedComments.withAbove(own, pending, indent)));
                continue;
            }
            if (removed.contains(s.getId())) {
                if (!afterRemoved) {
                    // Comments ending the line before, which stays.
                    endOfLine =
                            CarriedComments.join(
                                    endOfLine, CarriedComments.endOfLineBefore(s.getPrefix()));
                }
                if (s.getId().equals(anchor)) {
                    int lastIndex = written.size() - 1;
                    Statement configure = written.get(lastIndex);
                    written.set(
                            lastIndex,
                            configure.withPrefix(
                                    CarriedComments.withAbove(
                                            configure.getPrefix(), pending, indent)));
                    carryEndOfLine(written, endOfLine);
                    endOfLine = Space.EMPTY;
                    result.addAll(written);
                }
                continue;
            }
            Space prefix =
                    afterRemoved
                            ? CarriedComments.withoutEndOfLineBefore(s.getPrefix())
                            : s.getPrefix();
            result.add(s.withPrefix(CarriedComments.afterEndOfLine(endOfLine, prefix)));
            endOfLine = Space.EMPTY;
        }
        Space end = b.getEnd();
        if (size > 0 && removed.contains(statements.get(size - 1).getId())) {
            end = CarriedComments.withoutEndOfLineBefore(end);
        }
        b = b.withEnd(CarriedComments.afterEndOfLine(endOfLine, end));
        b = b.withStatements(result);
        for (String type : imports) {
            // Named by the code just written (the template types them from stubs).
            visitor.maybeAddImport(type, false);
        }
        for (String type : StateSetters.REPLACED_TYPES) {
            visitor.maybeRemoveImport(type);
        }
        return b;
    }

    /**
     * The comments that ended the line before the removed setters go after the first statement
     * written in their place.
     */
    private static void carryEndOfLine(List<Statement> written, Space endOfLine) {
        written.set(
                0,
                written.get(0)
                        .withPrefix(
                                CarriedComments.afterEndOfLine(
                                        endOfLine, written.get(0).getPrefix())));
    }

    private static Kind kindOf(J.MethodInvocation call) {
        switch (call.getSimpleName()) {
            case "setStateBackend":
                return Kind.BACKEND;
            case "setCheckpointStorage":
                return Kind.STORAGE;
            default:
                return Kind.RETENTION;
        }
    }

    /**
     * {@code StreamExecutionEnvironment env =
     * StreamExecutionEnvironment.getExecutionEnvironment();} before the setters in this block, when
     * the settings' values can be computed before it.
     */
    private static J.VariableDeclarations environmentDeclaration(
            J.Block b, String envName, int firstSetter, Set<String> usedNames) {
        List<Statement> statements = b.getStatements();
        for (int i = 0; i < firstSetter && i < statements.size(); i++) {
            if (!(statements.get(i) instanceof J.VariableDeclarations)) {
                continue;
            }
            J.VariableDeclarations d = (J.VariableDeclarations) statements.get(i);
            if (d.getVariables().size() != 1
                    || !d.getVariables().get(0).getSimpleName().equals(envName)
                    || !(d.getVariables().get(0).getInitializer() instanceof J.MethodInvocation)) {
                continue;
            }
            J.MethodInvocation init = (J.MethodInvocation) d.getVariables().get(0).getInitializer();
            if (!init.getSimpleName().equals("getExecutionEnvironment")
                    || !StateSetters.arguments(init).isEmpty()
                    || init.getMethodType() == null
                    || !TypeUtils.isOfClassType(
                            init.getMethodType().getDeclaringType(),
                            LegacyStateBackendsToFlink114.ENV)) {
                return null;
            }
            // The values move above the declaration: none may name a local declared from here on.
            Set<String> declaredLater = new HashSet<>();
            for (int j = i; j < statements.size(); j++) {
                if (statements.get(j) instanceof J.VariableDeclarations) {
                    ((J.VariableDeclarations) statements.get(j))
                            .getVariables()
                            .forEach(v -> declaredLater.add(v.getSimpleName()));
                }
            }
            declaredLater.retainAll(usedNames);
            return declaredLater.isEmpty() ? d : null;
        }
        return null;
    }

    /**
     * The declaration with {@code getExecutionEnvironment(conf)}: {@code conf} refers to the
     * variable just written (its type and variable type from the template), the call is Flink's
     * {@code getExecutionEnvironment(Configuration)} overload from the environment's type.
     */
    private static J.VariableDeclarations passConfiguration(
            J.VariableDeclarations d, J.VariableDeclarations.NamedVariable conf) {
        J.VariableDeclarations.NamedVariable v = d.getVariables().get(0);
        J.MethodInvocation init = (J.MethodInvocation) v.getInitializer();
        J.Identifier ref = conf.getName().withId(Tree.randomId()).withPrefix(Space.EMPTY);
        J.MethodInvocation withConf = init.withArguments(List.of(ref));
        JavaType.Method overload = withConfiguration(init.getMethodType());
        if (overload != null) {
            withConf =
                    withConf.withMethodType(overload)
                            .withName(withConf.getName().withType(overload));
        }
        return d.withVariables(List.of(v.withInitializer(withConf)));
    }

    /** {@code getExecutionEnvironment(Configuration)} of the type declaring {@code noArgs}. */
    private static JavaType.Method withConfiguration(JavaType.Method noArgs) {
        if (noArgs == null) {
            return null;
        }
        for (JavaType.Method m : noArgs.getDeclaringType().getMethods()) {
            if (m.getName().equals(noArgs.getName())
                    && m.getParameterTypes().size() == 1
                    && TypeUtils.isOfClassType(m.getParameterTypes().get(0), CONFIGURATION)) {
                return m;
            }
        }
        return null;
    }

    /** A {@code backend = new EmbeddedRocksDBStateBackend(…)} / HashMap declaration, or null. */
    private static BackendVariable backendVariable(int index, Statement s) {
        if (!(s instanceof J.VariableDeclarations)) {
            return null;
        }
        J.VariableDeclarations d = (J.VariableDeclarations) s;
        if (d.getVariables().size() != 1
                || !(d.getVariables().get(0).getInitializer() instanceof J.NewClass)) {
            return null;
        }
        J.NewClass init = (J.NewClass) d.getVariables().get(0).getInitializer();
        if (!StateSetters.isKnownBackend(init)) {
            return null;
        }
        return new BackendVariable(index, d.getId(), d.getVariables().get(0).getSimpleName(), init);
    }

    private static boolean isRocksDb(J.NewClass backend) {
        return StateSetters.EMBEDDED_ROCKSDB.contains(StateSetters.typeOf(backend));
    }

    /** How often {@code name} is referenced in the block, its declaration not counted. */
    private static int references(List<Statement> statements, String name, UUID declaration) {
        int[] count = new int[1];
        for (Statement s : statements) {
            if (s.getId().equals(declaration)) {
                continue;
            }
            new JavaIsoVisitor<Integer>() {
                @Override
                public J.Identifier visitIdentifier(J.Identifier identifier, Integer p) {
                    if (identifier.getSimpleName().equals(name)) {
                        count[0]++;
                    }
                    return identifier;
                }
            }.visit(s, 0);
        }
        return count[0];
    }

    private static Set<String> identifiers(J tree) {
        Set<String> names = new HashSet<>();
        new JavaIsoVisitor<Integer>() {
            @Override
            public J.Identifier visitIdentifier(J.Identifier identifier, Integer p) {
                names.add(identifier.getSimpleName());
                return identifier;
            }
        }.visit(tree, 0);
        return names;
    }

    private static String freshName(J.Block b, String base) {
        Set<String> names = identifiers(b);
        String name = base;
        for (int i = 2; names.contains(name); i++) {
            name = base + i;
        }
        return name;
    }
}
