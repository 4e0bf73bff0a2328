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

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.Public;
import org.apache.flink.annotation.PublicEvolving;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Rules for the production code of every checked module ({@link FlinkextModules#CHECKED}). */
@AnalyzeClasses(locations = FlinkextModules.ProductionClasses.class)
class ProductionCodeArchitectureTest {

    /**
     * What users touch must not lead them into what may change without notice. A member that is
     * itself {@code @Internal} is exempt: that is Flink's own way of marking a hook that is public
     * only for the framework.
     */
    @ArchTest
    static final ArchRule PUBLIC_EVOLVING_API_EXPOSES_NO_INTERNAL_TYPES =
            members()
                    .that(areExposedByPublicEvolvingApi())
                    .should(exposeNoInternalTypes())
                    .as(
                            "Public and protected members of @PublicEvolving types should not expose"
                                    + " @Internal types in their signatures, unless annotated"
                                    + " @Internal themselves");

    /**
     * {@code org.apache.flink} is parent-first in Flink's class loading ({@code
     * classloader.parent-first-patterns.default}): a class of ours there, inside a job jar, would
     * be loaded from Flink's own class path or not at all.
     */
    @ArchTest
    static final ArchRule NO_PRODUCTION_CODE_IN_FLINK_PACKAGES =
            noClasses()
                    .should()
                    .resideInAPackage("org.apache.flink..")
                    .as(
                            "Production classes should not reside in org.apache.flink..: it is"
                                    + " parent-first in Flink's class loading");

    @ArchTest
    static final ArchRule PUBLIC_TYPES_CARRY_A_STABILITY_ANNOTATION =
            classes()
                    .that()
                    .arePublic()
                    .and()
                    .areTopLevelClasses()
                    .should()
                    .beAnnotatedWith(PublicEvolving.class)
                    .orShould()
                    .beAnnotatedWith(Internal.class)
                    .as("Public top-level production types should be @PublicEvolving or @Internal");

    @ArchTest
    static final ArchRule HASHMAP_DOES_NOT_DEPEND_ON_ROCKSDB =
            noClasses()
                    .that()
                    .resideInAPackage("dev.flinkext.state.hashmap..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.flinkext.state.rocksdb..");

    @ArchTest
    static final ArchRule ROCKSDB_DOES_NOT_DEPEND_ON_HASHMAP =
            noClasses()
                    .that()
                    .resideInAPackage("dev.flinkext.state.rocksdb..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.flinkext.state.hashmap..");

    /** The mechanism knows no backend: each backend plugs into it. */
    @ArchTest
    static final ArchRule INSTRUMENTATION_MECHANISM_DEPENDS_ON_NO_BACKEND =
            noClasses()
                    .that()
                    .resideInAPackage("dev.flinkext.state.instrumented..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "dev.flinkext.state.hashmap..", "dev.flinkext.state.rocksdb..");

    /**
     * The archive (what runs on the JobManager after a checkpoint completed: its monitor, copier,
     * probe, figures and the job-end registry) knows nothing of the tiers that write checkpoints;
     * the storage uses the archive, never the other way round.
     */
    @ArchTest
    static final ArchRule ARCHIVE_DOES_NOT_DEPEND_ON_THE_TIERS =
            noClasses()
                    .that()
                    .resideInAPackage("dev.flinkext.checkpoint.tiered.archive..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.flinkext.checkpoint.tiered");

    /**
     * Every package of every module is a node of a hierarchy, never part of a cycle: a package can
     * be read, tested and moved on its own (e.g. the tools' commands depend on their common leaf,
     * never on the command line that lists them).
     */
    @ArchTest
    static final ArchRule PACKAGES_ARE_FREE_OF_CYCLES =
            SlicesRuleDefinition.slices().matching("dev.flinkext.(**)").should().beFreeOfCycles();

    private static DescribedPredicate<JavaMember> areExposedByPublicEvolvingApi() {
        return DescribedPredicate.describe(
                "are public or protected members of @PublicEvolving types, not annotated"
                        + " @Internal",
                member -> {
                    Set<JavaModifier> modifiers = member.getModifiers();
                    if (modifiers.contains(JavaModifier.SYNTHETIC)
                            || modifiers.contains(JavaModifier.BRIDGE)
                            || member.isAnnotatedWith(Internal.class)
                            || !isPublicEvolvingApi(member.getOwner())) {
                        return false;
                    }
                    boolean protectedAndReachable =
                            modifiers.contains(JavaModifier.PROTECTED)
                                    && !member.getOwner()
                                            .getModifiers()
                                            .contains(JavaModifier.FINAL);
                    return modifiers.contains(JavaModifier.PUBLIC) || protectedAndReachable;
                });
    }

    /**
     * A type users touch: annotated {@code @PublicEvolving}, or a public type nested in one and not
     * annotated {@code @Internal}.
     */
    private static boolean isPublicEvolvingApi(JavaClass type) {
        if (type.isAnnotatedWith(Internal.class)) {
            return false;
        }
        if (type.isAnnotatedWith(PublicEvolving.class)) {
            return true;
        }
        return type.getModifiers().contains(JavaModifier.PUBLIC)
                && type.getEnclosingClass()
                        .map(ProductionCodeArchitectureTest::isPublicEvolvingApi)
                        .orElse(false);
    }

    /** Ours or Flink's: annotated {@code @Internal}, or nested in such a type. */
    private static boolean isInternal(JavaClass type) {
        if (type.isArray()) {
            return isInternal(type.getBaseComponentType());
        }
        if (type.isAnnotatedWith(Internal.class)) {
            return true;
        }
        if (type.isAnnotatedWith(PublicEvolving.class) || type.isAnnotatedWith(Public.class)) {
            return false;
        }
        return type.getEnclosingClass()
                .map(ProductionCodeArchitectureTest::isInternal)
                .orElse(false);
    }

    private static ArchCondition<JavaMember> exposeNoInternalTypes() {
        return new ArchCondition<>("expose no @Internal types") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                for (String exposure : internalTypesIn(member)) {
                    events.add(
                            SimpleConditionEvent.violated(
                                    member,
                                    member.getDescription()
                                            + " exposes "
                                            + exposure
                                            + " in "
                                            + member.getSourceCodeLocation()));
                }
            }
        };
    }

    private static List<String> internalTypesIn(JavaMember member) {
        List<String> exposures = new ArrayList<>();
        if (member instanceof JavaField) {
            addInternal(((JavaField) member).getType(), "its type", exposures);
        } else if (member instanceof JavaCodeUnit) {
            JavaCodeUnit codeUnit = (JavaCodeUnit) member;
            if (codeUnit instanceof JavaMethod) {
                addInternal(codeUnit.getReturnType(), "its return type", exposures);
            }
            for (JavaType parameter : codeUnit.getParameterTypes()) {
                addInternal(parameter, "its parameter types", exposures);
            }
            for (JavaClass thrown : codeUnit.getThrowsClause().getTypes()) {
                addInternal(thrown, "its throws clause", exposures);
            }
        }
        return exposures;
    }

    private static void addInternal(JavaType type, String where, List<String> exposures) {
        Set<JavaClass> internal = new LinkedHashSet<>();
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (isInternal(raw)) {
                internal.add(raw);
            }
        }
        for (JavaClass raw : internal) {
            exposures.add("@Internal " + raw.getName() + " through " + where);
        }
    }
}
