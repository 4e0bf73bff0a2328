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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module added to the build is either checked by the architecture rules or left out on purpose.
 */
class CheckedModulesTest {

    @Test
    void everyModuleIsCheckedOrIgnored() throws Exception {
        String parent = Files.readString(FlinkextModules.root().resolve("pom.xml"));
        List<String> modules = new ArrayList<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (module.find()) {
            modules.add(module.group(1).trim());
        }

        List<String> known = new ArrayList<>(FlinkextModules.CHECKED);
        known.addAll(FlinkextModules.IGNORED);
        assertThat(modules).containsAll(FlinkextModules.CHECKED);
        assertThat(known).containsAll(modules);
    }
}
