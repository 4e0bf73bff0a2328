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
package dev.flinkext.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The JUnit tags of the tests are the small vocabulary that says which Flink line runs a shared
 * test (docs/flink-lines.md, "Which tests run on which line"): the 2.x line's poms exclude exactly
 * these, so a tag outside it would silently select nothing, or a misspelt one run a test where it
 * should not.
 */
@AnalyzeClasses(locations = FlinkextModules.AllClasses.class)
class LineTagsTest {

    /** The tags {@code flink2/pom.xml} excludes from the 2.x line's runs. */
    static final Set<String> LINE_TAGS = Set.of("flink-1.20-only", "left-to-flink-1.20");

    @ArchTest
    static final ArchRule TESTS_USE_ONLY_THE_LINE_TAGS =
            classes()
                    .should(useOnlyTheLineTags())
                    .as("Tests should be tagged with the line tags " + LINE_TAGS + " only");

    private static ArchCondition<JavaClass> useOnlyTheLineTags() {
        return new ArchCondition<>("use only the line tags") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                List<HasAnnotations<?>> tagged = new ArrayList<>();
                tagged.add(javaClass);
                tagged.addAll(javaClass.getMethods());
                for (HasAnnotations<?> element : tagged) {
                    List<String> tags = new ArrayList<>();
                    element.tryGetAnnotationOfType(Tag.class).ifPresent(t -> tags.add(t.value()));
                    element.tryGetAnnotationOfType(Tags.class)
                            .ifPresent(
                                    ts -> {
                                        for (Tag t : ts.value()) {
                                            tags.add(t.value());
                                        }
                                    });
                    for (String tag : tags) {
                        if (!LINE_TAGS.contains(tag)) {
                            events.add(
                                    SimpleConditionEvent.violated(
                                            element,
                                            ((HasName.AndFullName) element).getFullName()
                                                    + " is tagged '"
                                                    + tag
                                                    + "', not one of "
                                                    + LINE_TAGS));
                        }
                    }
                }
            }
        };
    }
}
