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

import dev.flinkext.checkpoint.tiered.archive.ArchiveOptions;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.MemorySize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys and values of the tiered storage: what is read, and the errors for wrong ones. */
class TieredCheckpointStorageConfigurationTest {

    private static TieredCheckpointStorage configure(Map<String, String> keys) {
        return new TieredCheckpointStorage()
                .configure(
                        Configuration.fromMap(keys),
                        TieredCheckpointStorageConfigurationTest.class.getClassLoader());
    }

    @Test
    void readsTheArchiveKeys() {
        TieredCheckpointStorage storage =
                configure(
                        Map.of(
                                "execution.checkpointing.dir", "file:///tmp/ckpt",
                                "flinkext.checkpoint.tiered.archive.dir", "s3://bucket/archive",
                                "flinkext.checkpoint.tiered.archive.every-n-checkpoints", "5",
                                "flinkext.checkpoint.tiered.archive.interval", "1 h",
                                "flinkext.checkpoint.tiered.archive.retained", "168",
                                "flinkext.checkpoint.tiered.archive.max-age", "7 d"));
        assertThat(storage.getCheckpointDirectory()).isEqualTo("file:///tmp/ckpt");
        assertThat(storage.getArchive())
                .hasValue(
                        "archive s3://bucket/archive (every 5 checkpoints or PT1H, keep 168, at"
                                + " most PT168H)");
        assertThat(configure(Map.of()).getArchive()).isEmpty();
    }

    @Test
    void anArchiveSetInCodeWinsAndTakesTheRestFromConfiguration() {
        TieredCheckpointStorage storage =
                new TieredCheckpointStorage("file:///tmp/ckpt")
                        .withArchive("file:///tmp/code")
                        .configure(
                                Configuration.fromMap(
                                        Map.of(
                                                "flinkext.checkpoint.tiered.archive.dir",
                                                "file:///tmp/config",
                                                "flinkext.checkpoint.tiered.archive.retained",
                                                "2")),
                                getClass().getClassLoader());
        assertThat(storage.getArchive())
                .hasValue("archive file:///tmp/code (every 1 checkpoints, keep 2)");
    }

    @Test
    void valuesOnTheObjectSurviveAnotherConfigure() {
        // Flink configures a storage set in code once more, with the cluster's configuration.
        TieredCheckpointStorage storage =
                new TieredCheckpointStorage("file:///tmp/ckpt")
                        .withArchive("file:///tmp/archive")
                        .with(ArchiveOptions.ARCHIVE_EVERY_N_CHECKPOINTS, 10)
                        .configure(
                                Configuration.fromMap(
                                        Map.of("flinkext.checkpoint.tiered.archive.retained", "3")),
                                getClass().getClassLoader())
                        .configure(new Configuration(), getClass().getClassLoader());
        assertThat(storage.getArchive())
                .hasValue("archive file:///tmp/archive (every 10 checkpoints, keep 3)");
        assertThatThrownBy(
                        () ->
                                new TieredCheckpointStorage()
                                        .with(ArchiveOptions.ARCHIVE_RETAINED, 0))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("flinkext.checkpoint.tiered.archive.retained");
    }

    @Test
    void anUnknownKeyNamesItselfAndTheKnownOnes() {
        assertThatThrownBy(
                        () ->
                                configure(
                                        Map.of(
                                                "flinkext.checkpoint.tiered.archive.directory",
                                                "s3://b/a")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("'flinkext.checkpoint.tiered.archive.directory'")
                .hasMessageContaining("flinkext.checkpoint.tiered.archive.dir,")
                .hasMessageContaining("flinkext.checkpoint.tiered.memory.budget");
    }

    @ParameterizedTest
    @CsvSource({
        "archive.every-n-checkpoints, 0, '0', an integer of at least 1",
        "archive.retained, -3, '-3', an integer of at least 1",
        "archive.interval, 0 s, 'PT0S', a positive duration",
        "archive.max-age, 0 ms, 'PT0S', a positive duration",
        "archive.max-lag, 0 s, 'PT0S', a positive duration",
        "archive.max-lag-checkpoints, 0, '0', an integer of at least 1",
    })
    void anInvalidValueNamesKeyValueAndWhatIsAllowed(
            String key, String value, String shown, String allowed) {
        String fullKey = "flinkext.checkpoint.tiered." + key;
        assertThatThrownBy(
                        () ->
                                configure(
                                        Map.of(
                                                "flinkext.checkpoint.tiered.archive.dir",
                                                "/tmp/a",
                                                fullKey,
                                                value)))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(fullKey)
                .hasMessageContaining("'" + shown + "'")
                .hasMessageContaining(allowed);
    }

    @Test
    void aValueFlinkCannotParseNamesTheKey() {
        assertThatThrownBy(
                        () ->
                                configure(
                                        Map.of(
                                                "flinkext.checkpoint.tiered.archive.retained",
                                                "many")))
                .hasMessageContaining("flinkext.checkpoint.tiered.archive.retained")
                .hasMessageContaining("many");
    }

    @Test
    void theArchiveCannotBeTheCheckpointDirectory() {
        assertThatThrownBy(
                        () ->
                                configure(
                                        Map.of(
                                                "execution.checkpointing.dir",
                                                "s3://bucket/flink/",
                                                "flinkext.checkpoint.tiered.archive.dir",
                                                "s3://bucket/flink")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("flinkext.checkpoint.tiered.archive.dir")
                .hasMessageContaining("execution.checkpointing.dir");
    }

    @Test
    void aBlankArchiveDirectoryIsRejected() {
        assertThatThrownBy(() -> configure(Map.of("flinkext.checkpoint.tiered.archive.dir", " ")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("flinkext.checkpoint.tiered.archive.dir")
                .hasMessageContaining("s3://bucket/archive");
    }

    @Test
    void anInlineThresholdAboveTheBudgetIsRefused() {
        assertThatThrownBy(
                        () ->
                                configure(
                                        Map.of(
                                                "flinkext.checkpoint.tiered.memory.inline-threshold",
                                                "64 mb")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(
                        "Invalid value 64 mb for 'flinkext.checkpoint.tiered.memory.inline-threshold'")
                .hasMessageContaining("'flinkext.checkpoint.tiered.memory.budget' (5 mb)")
                .hasMessageContaining("Allowed: 0 to 5 mb");
        // Set in code, the pair is checked when Flink configures the storage, in either order.
        TieredCheckpointStorage tooLarge =
                new TieredCheckpointStorage()
                        .with(
                                TieredCheckpointStorageOptions.INLINE_THRESHOLD,
                                MemorySize.parse("1 mb"))
                        .with(
                                TieredCheckpointStorageOptions.MEMORY_BUDGET,
                                MemorySize.parse("512 kb"));
        assertThatThrownBy(
                        () -> tooLarge.configure(new Configuration(), getClass().getClassLoader()))
                .hasMessageContaining("must be at most the budget");
        assertThatThrownBy(() -> tooLarge.createCheckpointStorage(new JobID()))
                .hasMessageContaining("must be at most the budget");
        TieredCheckpointStorage thresholdFirst =
                new TieredCheckpointStorage()
                        .with(
                                TieredCheckpointStorageOptions.INLINE_THRESHOLD,
                                MemorySize.parse("8 mb"))
                        .with(
                                TieredCheckpointStorageOptions.MEMORY_BUDGET,
                                MemorySize.parse("16 mb"))
                        .configure(
                                Configuration.fromMap(Map.of("pekko.framesize", "41943040b")),
                                getClass().getClassLoader());
        assertThat(thresholdFirst.getInlineThreshold()).isEqualTo(MemorySize.parse("8 mb"));
        // Not set, the threshold follows a budget below its default.
        assertThat(
                        configure(Map.of("flinkext.checkpoint.tiered.memory.budget", "512 kb"))
                                .getInlineThreshold())
                .isEqualTo(MemorySize.parse("512 kb"));
    }

    @Test
    void aBudgetThatCannotFitTheRpcFrameIsRefused() {
        assertThatThrownBy(
                        () ->
                                configure(
                                        Map.of(
                                                "flinkext.checkpoint.tiered.memory.budget",
                                                "64 mb")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(
                        "Invalid value 64 mb for 'flinkext.checkpoint.tiered.memory.budget'")
                .hasMessageContaining("'pekko.framesize' (10 mb)")
                .hasMessageContaining("Allowed: up to 5 mb, or raise 'pekko.framesize'");
        // The largest budget under Flink's default frame, and a larger one under a larger frame.
        assertThat(
                        configure(Map.of("flinkext.checkpoint.tiered.memory.budget", "5 mb"))
                                .getMemoryBudget())
                .isEqualTo(MemorySize.parse("5 mb"));
        assertThat(
                        configure(
                                        Map.of(
                                                "flinkext.checkpoint.tiered.memory.budget",
                                                "10 mb",
                                                "pekko.framesize",
                                                "20971520b"))
                                .getMemoryBudget())
                .isEqualTo(MemorySize.parse("10 mb"));
        // A HOCON size this check cannot read is left to Pekko, which reads the frame size.
        assertThat(
                        configure(
                                        Map.of(
                                                "flinkext.checkpoint.tiered.memory.budget",
                                                "8 mb",
                                                "pekko.framesize",
                                                "20MiB"))
                                .getMemoryBudget())
                .isEqualTo(MemorySize.parse("8 mb"));
    }
}
