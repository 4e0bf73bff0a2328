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
