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
package dev.flinkext.checkpoint.tiered;

import dev.flinkext.checkpoint.tiered.testing.JobEndHooks;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JobManager without the line's job-end hook says so once, naming the key that this line's
 * cluster sets ({@link JobEndHooks}, the configuration {@link JobEndHookITCase} proves) and the
 * docs.
 */
class JobEndHookCheckTest {

    @RegisterExtension
    final LoggerAuditingExtension log =
            new LoggerAuditingExtension(JobEndHookCheck.class, Level.WARN);

    @Test
    void withoutAHookTheFirstMonitorWarnsOnceNamingTheLinesKey() {
        JobEndHookCheck check = new JobEndHookCheck();

        assertThat(check.checkBeforeMonitor()).isTrue();
        assertThat(check.checkBeforeMonitor()).isFalse();
        assertThat(check.checkBeforeMonitor()).isFalse();

        assertThat(log.getMessages()).hasSize(1);
        String warning = log.getMessages().get(0);
        Map<String, String> hook = JobEndHooks.on(new Configuration()).toMap();
        assertThat(hook).hasSize(1);
        hook.forEach((key, value) -> assertThat(warning).contains(key + ": " + value));
        assertThat(warning).contains(JobEndHookCheck.DOCS);
    }

    @Test
    void withAHookNothingIsLogged() {
        JobEndHookCheck check = new JobEndHookCheck();
        check.installed();

        assertThat(check.checkBeforeMonitor()).isFalse();
        assertThat(log.getMessages()).isEmpty();
    }

    /** The 2.x listener does the same; JobEndHookITCase sees it on a MiniCluster of each line. */
    @Test
    void theReporterMarksTheHookInstalled() {
        new JobEndReporterFactory().createMetricReporter(new Properties());

        assertThat(JobEndHookCheck.JVM.isInstalled()).isTrue();
    }

    /** The page the warning names sets this line's key and quotes the warning. */
    @Test
    void theDocsPageTheWarningNamesSetsTheKey() throws Exception {
        String docs =
                Files.readString(
                        Paths.get(System.getProperty("flinkext.root", ".."))
                                .resolve(JobEndHookCheck.DOCS));
        JobEndHooks.on(new Configuration())
                .toMap()
                .forEach(
                        (key, value) ->
                                // The docs write 2.x's one-element list as a plain value.
                                assertThat(docs)
                                        .contains(
                                                key + ": " + value.replaceAll("^\\[(.*)]$", "$1")));
        assertThat(docs).contains(JobEndHookCheck.WARNING_START);
    }
}
