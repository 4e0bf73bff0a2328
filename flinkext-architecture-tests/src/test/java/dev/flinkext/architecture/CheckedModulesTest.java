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

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module added to the build is either checked by the architecture rules or left out on purpose,
 * and each module of the Flink 2.x line ({@code flink2/}) builds a module of the 1.20 line again,
 * as the artifact of the 1.20 module's artifactId with the suffix {@code -flink2}.
 */
class CheckedModulesTest {

    @Test
    void everyModuleIsCheckedOrIgnored() throws Exception {
        List<String> modules = modules(FlinkextModules.root().resolve("pom.xml"));
        assertThat(modules).contains(FlinkextModules.FLINK2_LINE);
        modules.remove(FlinkextModules.FLINK2_LINE);

        List<String> known = new ArrayList<>(FlinkextModules.CHECKED);
        known.addAll(FlinkextModules.IGNORED);
        assertThat(modules).containsAll(FlinkextModules.CHECKED);
        assertThat(known).containsAll(modules);
    }

    @Test
    void everyFlink2ModuleBuildsAModuleOfThe120Line() throws Exception {
        Path line = FlinkextModules.root().resolve(FlinkextModules.FLINK2_LINE);
        List<String> modules = modules(line.resolve("pom.xml"));
        assertThat(modules).isNotEmpty();
        List<String> known = new ArrayList<>(FlinkextModules.CHECKED);
        known.addAll(FlinkextModules.IGNORED);
        for (String module : modules) {
            assertThat(known)
                    .as("flink2/%s rebuilds a module of the 1.20 line", module)
                    .contains(module);
            String pom = Files.readString(line.resolve(module).resolve("pom.xml"));
            assertThat(pom)
                    .as("flink2/%s/pom.xml", module)
                    .contains(
                            "<artifactId>"
                                    + Poms.artifactId(
                                            FlinkextModules.root()
                                                    .resolve(module)
                                                    .resolve("pom.xml"))
                                    + "-flink2</artifactId>")
                    .contains(
                            "<flinkext.shared>${project.basedir}/../../"
                                    + module
                                    + "</flinkext.shared>");
        }
    }

    private static List<String> modules(Path pom) throws Exception {
        List<String> modules = new ArrayList<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(pom));
        while (module.find()) {
            modules.add(module.group(1).trim());
        }
        return modules;
    }
}
