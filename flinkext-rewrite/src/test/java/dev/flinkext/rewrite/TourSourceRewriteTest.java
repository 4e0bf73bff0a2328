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
import org.openrewrite.java.JavaParser;
import org.openrewrite.test.RecipeSpec;
import org.openrewrite.test.RewriteTest;
import org.openrewrite.test.TypeValidation;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrewrite.java.Assertions.java;

/**
 * LegacyStateBackendsToFlink114 on a real file: the tour's {@code TourConfiguration}, whose rows
 * set the legacy backends in code, typed from this JVM's classpath (Flink 1.20 and the pack).
 */
class TourSourceRewriteTest implements RewriteTest {

    @Override
    public void defaults(RecipeSpec spec) {
        spec.recipe(new LegacyStateBackendsToFlink114())
                .parser(
                        JavaParser.fromJavaVersion()
                                .classpath(MigrationHarness.flink120Classpath()))
                // One check stays off: OpenRewrite 8.41 types no Javadoc {@link #configure} to a
                // method inherited from an interface (TourRow's), and reports it as an untyped
                // member reference, which only the method-invocation check can skip. The same
                // check, but for such Javadoc references, runs before and after the recipe here.
                .typeValidationOptions(TypeValidation.all().methodInvocations(false))
                .beforeRecipe(
                        sources ->
                                sources.forEach(
                                        s ->
                                                assertThat(MigrationHarness.missingTypes(s))
                                                        .as("missing types before the recipe")
                                                        .isEmpty()))
                .afterRecipe(
                        run ->
                                run.getChangeset()
                                        .getAllResults()
                                        .forEach(
                                                r ->
                                                        assertThat(
                                                                        MigrationHarness
                                                                                .missingTypes(
                                                                                        r
                                                                                                .getAfter()))
                                                                .as(
                                                                        "missing types after the recipe")
                                                                .isEmpty()));
    }

    @Test
    void tourRowsAreRewrittenAndThePrecedenceRowIsLeftWithAComment() throws Exception {
        Path tour =
                Path.of(System.getProperty("flinkext.root", ".."))
                        .resolve(
                                "flink-examples/src/main/flink-1.20/dev/flinkext/examples/tour/TourConfiguration.java");
        rewriteRun(
                java(
                        Files.readString(tour),
                        spec ->
                                spec.after(
                                        after -> {
                                            assertThat(after)
                                                    .contains(
                                                            "env.setStateBackend(new EmbeddedRocksDBStateBackend(true));\n"
                                                                    + "                env.getCheckpointConfig().setCheckpointStorage(dir);",
                                                            "env.setStateBackend(new EmbeddedRocksDBStateBackend(false));",
                                                            "env.setStateBackend(new HashMapStateBackend());\n"
                                                                    + "                env.getCheckpointConfig().setCheckpointStorage(new JobManagerCheckpointStorage());",
                                                            "// flinkext LegacyStateBackendsToFlink114: MemoryStateBackend is deprecated")
                                                    .doesNotContain(
                                                            "setStateBackend(new RocksDBStateBackend(",
                                                            "setStateBackend(new FsStateBackend(",
                                                            "import org.apache.flink.contrib.streaming.state.RocksDBStateBackend;",
                                                            "import org.apache.flink.runtime.state.filesystem.FsStateBackend;");
                                            // The precedence row keeps its legacy backend.
                                            assertThat(after).contains("new MemoryStateBackend()");
                                            return after;
                                        })));
    }
}
