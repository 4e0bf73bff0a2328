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

import dev.flinkext.testing.cluster.ProcessCluster;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * Rules for the test code of every checked module ({@link FlinkextModules#CHECKED}). The production
 * classes are imported too: the rules need to know what the tests test.
 */
@AnalyzeClasses(locations = FlinkextModules.AllClasses.class)
class TestCodeArchitectureTest {

    /** ITCases allowed to run no MiniCluster, with the reason. */
    static final Map<String, String> ITCASES_WITHOUT_MINI_CLUSTER =
            Map.of(
                    "dev.flinkext.testing.s3proxy.S3ProxyServerITCase",
                    "tests the s3proxy test harness itself: a child JVM and Flink's s3://"
                            + " filesystem, no job",
                    "dev.flinkext.testing.hdfs.HdfsClusterITCase",
                    "tests the HDFS test harness itself: a MiniDFSCluster and Flink's hdfs://"
                            + " filesystem, no job",
                    "dev.flinkext.checkpoint.tiered.ArchiveMetricsScrapeITCase",
                    "its MiniCluster runs in a JobManager JVM of its own"
                            + " (testing.JobManagerWithFailingArchive), so that a Java agent can"
                            + " watch it",
                    "dev.flinkext.cli.FlinkextITCase",
                    "its MiniClusters run in a JVM of each Flink line (the tools' testing"
                            + ".LineSnapshots): the launcher holds no Flink, and the two lines"
                            + " cannot share a JVM's classpath",
                    "dev.flinkext.cli.BinFlinkextITCase",
                    "runs the bin/flinkext script against the packaged home (its jvm-options are"
                            + " written in the package phase) with a stand-in java that prints its"
                            + " arguments: no job");

    /** Tests allowed outside the package of the class they test, with the reason. */
    static final Map<String, String> TESTS_OUTSIDE_THEIR_PACKAGE =
            Map.of(
                    "org.apache.flink.runtime.state.InstrumentedHashMapStateBackendTest",
                    "Flink's StateBackendTestBase contract; switches off package-private tests of"
                            + " that base, as Flink's HashMapStateBackendTest does");

    /**
     * An ITCase starts a cluster: it registers a {@link MiniClusterExtension} (or an extension that
     * starts a cluster, e.g. {@code ProcessClusterExtension}), or its code builds a {@link
     * MiniCluster} or a multi-process {@link ProcessCluster} (flinkext-cluster-testing), directly
     * or through the test-support and production classes it calls.
     */
    @ArchTest
    static final ArchRule ITCASES_RUN_A_MINI_CLUSTER =
            classes()
                    .that(areTestClasses())
                    .and()
                    .haveSimpleNameEndingWith("ITCase")
                    .and()
                    .areTopLevelClasses()
                    .and()
                    .doNotHaveModifier(JavaModifier.ABSTRACT)
                    .and(areNotListedIn(ITCASES_WITHOUT_MINI_CLUSTER))
                    .should(runAMiniCluster())
                    .as(
                            "*ITCase classes should run a MiniCluster or a ProcessCluster (a"
                                    + " registered MiniClusterExtension or ProcessClusterExtension,"
                                    + " or code that builds a MiniCluster or a ProcessCluster)");

    /** Every listed exception names an existing ITCase that indeed runs no MiniCluster. */
    @ArchTest
    static final ArchRule ITCASE_EXCEPTIONS_ARE_CURRENT =
            classes()
                    .that(areListedIn(ITCASES_WITHOUT_MINI_CLUSTER))
                    .should(listedExceptionsExist(ITCASES_WITHOUT_MINI_CLUSTER))
                    .andShould(ArchConditions.not(runAMiniCluster()))
                    .allowEmptyShould(true)
                    .as("ITCases listed as running no MiniCluster should exist and run none");

    /**
     * A test {@code XTest} or {@code XITCase} for a production class {@code X} lives in {@code X}'s
     * package (one of them, if several modules have an {@code X}). Tests with no same-named
     * production class (scenarios, configuration tests) may live anywhere.
     */
    @ArchTest
    static final ArchRule TESTS_LIVE_IN_THE_PACKAGE_OF_THEIR_CLASS =
            classes()
                    .should(liveInThePackageOfTheClassTheyTest())
                    .as(
                            "Test classes XTest / XITCase should reside in the package of the"
                                    + " production class X");

    private static DescribedPredicate<JavaClass> areTestClasses() {
        return DescribedPredicate.describe("are test classes", FlinkextModules::isTestClass);
    }

    private static DescribedPredicate<JavaClass> areListedIn(Map<String, String> exceptions) {
        return DescribedPredicate.describe(
                "are listed exceptions", javaClass -> exceptions.containsKey(javaClass.getName()));
    }

    private static DescribedPredicate<JavaClass> areNotListedIn(Map<String, String> exceptions) {
        return DescribedPredicate.not(areListedIn(exceptions));
    }

    /** Reports listed exceptions that name no imported class, once all classes are checked. */
    private static ArchCondition<JavaClass> listedExceptionsExist(Map<String, String> exceptions) {
        return new ArchCondition<>("be imported") {
            private final Set<String> seen = new HashSet<>();

            @Override
            public void init(Collection<JavaClass> listed) {
                seen.clear();
            }

            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                seen.add(javaClass.getName());
            }

            @Override
            public void finish(ConditionEvents events) {
                for (String name : new TreeSet<>(exceptions.keySet())) {
                    if (!seen.contains(name)) {
                        events.add(
                                SimpleConditionEvent.violated(
                                        name, "Listed exception " + name + " does not exist"));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> runAMiniCluster() {
        return new ArchCondition<>("run a MiniCluster") {
            @Override
            public void check(JavaClass itCase, ConditionEvents events) {
                Optional<String> how = howItRunsAMiniCluster(itCase);
                String message =
                        how.map(h -> itCase.getName() + " runs a MiniCluster: " + h)
                                .orElse(
                                        itCase.getName()
                                                + " registers no MiniClusterExtension and builds"
                                                + " no MiniCluster in "
                                                + itCase.getSourceCodeLocation());
                events.add(new SimpleConditionEvent(itCase, how.isPresent(), message));
            }
        };
    }

    private static Optional<String> howItRunsAMiniCluster(JavaClass itCase) {
        for (JavaField field : itCase.getAllFields()) {
            if (field.isAnnotatedWith(RegisterExtension.class)
                    && startsAMiniCluster(field.getRawType())) {
                return Optional.of("registers " + field.getFullName());
            }
        }
        for (JavaClass type : itCase.getClassHierarchy()) {
            if (type.isAnnotatedWith(ExtendWith.class)) {
                for (Class<?> extension : type.getAnnotationOfType(ExtendWith.class).value()) {
                    if (MiniClusterExtension.class.isAssignableFrom(extension)) {
                        return Optional.of("@ExtendWith(" + extension.getSimpleName() + ")");
                    }
                }
            }
        }
        List<JavaCodeUnit> ownCode = new ArrayList<>();
        for (JavaClass type : itCase.getClassHierarchy()) {
            ownCode.addAll(type.getCodeUnits());
        }
        return buildsAMiniCluster(ownCode);
    }

    /** A MiniClusterExtension, or a class of ours whose code (its callbacks) builds a cluster. */
    private static boolean startsAMiniCluster(JavaClass extension) {
        return extension.isAssignableTo(MiniClusterExtension.class)
                || (isOurs(extension) && buildsAMiniCluster(extension.getCodeUnits()).isPresent());
    }

    /**
     * Whether any of {@code roots} constructs a {@link MiniCluster} or a {@link ProcessCluster},
     * directly or through the code it calls in our classes (test support or production, e.g. a
     * runner that starts a cluster).
     */
    private static Optional<String> buildsAMiniCluster(Collection<JavaCodeUnit> roots) {
        Deque<JavaCodeUnit> pending = new ArrayDeque<>(roots);
        Set<JavaCodeUnit> visited = new HashSet<>(roots);
        while (!pending.isEmpty()) {
            JavaCodeUnit codeUnit = pending.poll();
            List<JavaAccess<? extends AccessTarget.CodeUnitAccessTarget>> calls = new ArrayList<>();
            calls.addAll(codeUnit.getConstructorCallsFromSelf());
            calls.addAll(codeUnit.getConstructorReferencesFromSelf());
            calls.addAll(codeUnit.getMethodCallsFromSelf());
            calls.addAll(codeUnit.getMethodReferencesFromSelf());
            for (JavaAccess<? extends AccessTarget.CodeUnitAccessTarget> call : calls) {
                AccessTarget.CodeUnitAccessTarget target = call.getTarget();
                JavaClass owner = target.getOwner();
                if ((owner.isAssignableTo(MiniCluster.class)
                                || owner.isAssignableTo(ProcessCluster.class))
                        && target.getName().equals(JavaConstructor.CONSTRUCTOR_NAME)) {
                    return Optional.of("builds one in " + call.getSourceCodeLocation());
                }
                if (isOurs(owner)) {
                    target.resolveMember().filter(visited::add).ifPresent(pending::add);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isOurs(JavaClass javaClass) {
        return javaClass.getPackageName().startsWith("dev.flinkext");
    }

    private static ArchCondition<JavaClass> liveInThePackageOfTheClassTheyTest() {
        return new ArchCondition<>("reside in the package of the class they test") {
            private final Map<String, Set<String>> productionPackagesBySimpleName = new HashMap<>();
            private final Set<String> usedExceptions = new HashSet<>();

            @Override
            public void init(Collection<JavaClass> allClasses) {
                // The rule is a constant: forget what an earlier evaluation saw.
                productionPackagesBySimpleName.clear();
                usedExceptions.clear();
                for (JavaClass javaClass : allClasses) {
                    if (!FlinkextModules.isTestClass(javaClass) && javaClass.isTopLevelClass()) {
                        productionPackagesBySimpleName
                                .computeIfAbsent(javaClass.getSimpleName(), n -> new TreeSet<>())
                                .add(javaClass.getPackageName());
                    }
                }
            }

            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                if (!FlinkextModules.isTestClass(javaClass) || !javaClass.isTopLevelClass()) {
                    return;
                }
                String tested = testedSimpleName(javaClass.getSimpleName());
                Set<String> packages =
                        tested == null ? null : productionPackagesBySimpleName.get(tested);
                if (packages == null || packages.contains(javaClass.getPackageName())) {
                    return;
                }
                if (TESTS_OUTSIDE_THEIR_PACKAGE.containsKey(javaClass.getName())) {
                    usedExceptions.add(javaClass.getName());
                    return;
                }
                events.add(
                        SimpleConditionEvent.violated(
                                javaClass,
                                javaClass.getName()
                                        + " tests "
                                        + tested
                                        + " but resides outside "
                                        + packages.stream()
                                                .map(p -> p + "." + tested)
                                                .collect(Collectors.joining(" / "))
                                        + " in "
                                        + javaClass.getSourceCodeLocation()));
            }

            @Override
            public void finish(ConditionEvents events) {
                for (String name : new TreeSet<>(TESTS_OUTSIDE_THEIR_PACKAGE.keySet())) {
                    if (!usedExceptions.contains(name)) {
                        events.add(
                                SimpleConditionEvent.violated(
                                        name,
                                        "Listed exception "
                                                + name
                                                + " does not exist or already resides in the"
                                                + " package of the class it tests"));
                    }
                }
            }
        };
    }

    /** {@code X} for {@code XTest} and {@code XITCase}; null for other names. */
    private static String testedSimpleName(String testSimpleName) {
        for (String suffix : List.of("ITCase", "Test")) {
            if (testSimpleName.endsWith(suffix) && testSimpleName.length() > suffix.length()) {
                return testSimpleName.substring(0, testSimpleName.length() - suffix.length());
            }
        }
        return null;
    }
}
