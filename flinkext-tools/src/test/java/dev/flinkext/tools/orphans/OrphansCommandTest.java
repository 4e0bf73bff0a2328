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
package dev.flinkext.tools.orphans;

import dev.flinkext.tools.common.ExitCode;
import dev.flinkext.tools.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code orphans} on planted folders: ages, folders still being written, unreadable metadata. */
class OrphansCommandTest {

    private static final int MANY = 40_000;
    private static final String SMALL_HEAP = "-Xmx40m";

    @TempDir Path tmp;

    @Test
    void listsOldUnreferencedFilesAndLeavesYoungOnesAndWrittenFoldersAlone() throws Exception {
        Path job = tmp.resolve("job");
        Path old = plant(job.resolve("shared/old-sst"), 100, Duration.ofHours(3));
        Path young = plant(job.resolve("taskowned/young"), 10, Duration.ZERO);
        Path crashed = plant(job.resolve("chk-4/state"), 50, Duration.ofHours(3));
        age(job.resolve("chk-4"), Duration.ofHours(3));
        Path writing = plant(job.resolve("chk-5/state"), 70, Duration.ofHours(3));

        CliRun dryRun = CliRun.of("orphans", "--json", job.toString());
        assertThat(dryRun.exitCode).as(dryRun.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        JsonNode report = dryRun.json();
        assertThat(report.get("referencedFiles").asInt()).isZero();
        assertThat(report.get("orphans").findValuesAsText("path"))
                .containsExactlyInAnyOrder(uri(old), uri(crashed));
        assertThat(report.get("orphanBytes").asLong()).isEqualTo(150);
        assertThat(report.get("youngUnreferencedFiles").asInt()).isEqualTo(1);
        assertThat(report.get("inProgressFolders").get(0).asText()).endsWith("chk-5");
        assertThat(old).exists();

        // The table as the orphans are found, then what was left alone, then the totals.
        CliRun text = CliRun.of("orphans", job.toString());
        List<String> lines = text.out.lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).startsWith("0 completed checkpoints here () reference 0 files");
        assertThat(lines.get(1)).matches("FILE +SIZE  MODIFIED");
        assertThat(lines.subList(2, 4))
                .anyMatch(line -> line.startsWith(uri(old) + "  "))
                .anyMatch(line -> line.startsWith(uri(crashed) + " "));
        assertThat(lines.get(4))
                .startsWith("left alone: ")
                .endsWith("chk-5 (no _metadata, modified recently: still being written?)");
        assertThat(lines.subList(5, 8))
                .containsExactly(
                        "left alone: 1 unreferenced files modified less than PT1H ago",
                        "2 orphans, 150 B",
                        "dry run: nothing deleted (--delete removes the orphans)");

        CliRun delete = CliRun.of("orphans", "--delete", job.toString());
        assertThat(delete.exitCode).as(delete.toString()).isEqualTo(ExitCode.OK);
        assertThat(delete.out).contains("deleted 3 files and folders, freed 150 B");
        assertThat(old).doesNotExist();
        assertThat(crashed.getParent()).doesNotExist();
        assertThat(young).exists();
        assertThat(writing).exists();

        // With no age threshold nothing counts as being written any more.
        CliRun younger = CliRun.of("orphans", "--json", "--older-than", "0s", job.toString());
        assertThat(younger.json().get("orphans").findValuesAsText("path"))
                .containsExactlyInAnyOrder(uri(young), uri(writing));
    }

    @Test
    void reportsWhatItDeletedAsItWasBeforeDeleting() throws Exception {
        Path job = tmp.resolve("job");
        Path orphan = plant(job.resolve("shared/old"), 100, Duration.ofHours(3));
        Instant modified = Files.getLastModifiedTime(orphan).toInstant();
        CliRun delete = CliRun.of("orphans", "--delete", "--json", job.toString());
        assertThat(delete.exitCode).as(delete.toString()).isEqualTo(ExitCode.OK);
        JsonNode report = delete.json();
        assertThat(report.fieldNames())
                .toIterable()
                .containsExactly(
                        "jobDirectory",
                        "readWith",
                        "checkpoints",
                        "referencingCheckpoints",
                        "referencedFiles",
                        "orphans",
                        "orphanBytes",
                        "olderThanSeconds",
                        "youngUnreferencedFiles",
                        "inProgressFolders",
                        "workingDatabases",
                        "deleted",
                        "freedBytes",
                        "failedDeletes");
        assertThat(report.get("orphans").get(0).fieldNames())
                .toIterable()
                .containsExactly("path", "sizeBytes", "modified");
        assertThat(report.get("deleted").get(0).asText()).isEqualTo(uri(orphan));
        assertThat(report.get("freedBytes").asLong()).isEqualTo(100);
        assertThat(Instant.parse(report.get("orphans").get(0).get("modified").asText()))
                .isEqualTo(modified.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(orphan).doesNotExist();
    }

    @Test
    void refusesToDeleteWhenAMetadataCannotBeRead() throws Exception {
        Path job = tmp.resolve("job");
        Path orphan = plant(job.resolve("shared/old"), 100, Duration.ofHours(3));
        Files.createDirectories(job.resolve("chk-7"));
        Files.writeString(job.resolve("chk-7/_metadata"), "not metadata");
        CliRun delete = CliRun.of("orphans", "--delete", job.toString());
        assertThat(delete.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(delete.err)
                .startsWith(
                        "flinkext orphans: refusing to delete: what a checkpoint references is unknown")
                .contains("chk-7/_metadata: not Flink checkpoint metadata");
        assertThat(orphan).exists();

        // The unreadable checkpoint's own folder is left out; what it shares is not known.
        Files.write(job.resolve("chk-7/state"), new byte[10]);
        CliRun dryRun = CliRun.of("orphans", "--json", "--older-than", "0s", job.toString());
        assertThat(dryRun.exitCode).isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(dryRun.err).contains("warning", "chk-7/_metadata");
        assertThat(dryRun.json().get("orphans").findValuesAsText("path"))
                .containsExactly(uri(orphan));
    }

    @Test
    void aFolderThatIsNoJobFolderIsBadInput() throws Exception {
        Files.createDirectories(tmp.resolve("job/chk-3"));
        CliRun checkpoint = CliRun.of("orphans", tmp.resolve("job/chk-3").toString());
        assertThat(checkpoint.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(checkpoint.err).contains("not a job's checkpoint folder", "pass its parent");
        CliRun duration = CliRun.of("orphans", "--older-than", "soon", tmp.toString());
        assertThat(duration.exitCode).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(duration.err).contains("--older-than soon: not a duration");
    }

    /**
     * Memory bounded in the number of files: {@value #MANY} orphans in one flat {@code shared/}
     * folder are listed (JSON and table) and deleted in a JVM of {@value #SMALL_HEAP} heap, where
     * the scan that held every listing and orphan (about 1.5 KB a file) ran out of memory. The
     * deleted files (more than a {@link Spool} holds in memory) all reach the report.
     */
    @Test
    void listsAndDeletesTensOfThousandsOfFilesInASmallHeap() throws Exception {
        Path job = tmp.resolve("job");
        Path shared = Files.createDirectories(job.resolve("shared"));
        for (int i = 0; i < MANY; i++) {
            Files.createFile(shared.resolve(new UUID(i, MANY - i).toString()));
        }
        List<String> heap = List.of(SMALL_HEAP);
        String[] dryRun = {"orphans", "--json", "--older-than", "0s", job.toString()};
        CliRun json = CliRun.onLineClasspath(heap, dryRun);
        assertThat(json.exitCode).as(json.err).isEqualTo(ExitCode.PROBLEM_FOUND);
        assertThat(json.json().get("orphans")).hasSize(MANY);

        CliRun text = CliRun.onLineClasspath(heap, "orphans", "--older-than", "0s", job.toString());
        assertThat(text.exitCode).as(text.err).isEqualTo(ExitCode.PROBLEM_FOUND);
        List<String> lines = text.out.lines().toList();
        assertThat(lines).hasSize(MANY + 4);
        assertThat(lines.get(lines.size() - 2)).isEqualTo(MANY + " orphans, 0 B");

        CliRun delete =
                CliRun.onLineClasspath(
                        heap,
                        "orphans",
                        "--delete",
                        "--json",
                        "--older-than",
                        "0s",
                        job.toString());
        assertThat(delete.exitCode).as(delete.err).isEqualTo(ExitCode.OK);
        assertThat(delete.json().get("deleted")).hasSize(MANY);
        try (Stream<Path> left = Files.list(shared)) {
            assertThat(left).isEmpty();
        }
    }

    private static Path plant(Path file, int bytes, Duration age) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        age(file, age);
        return file;
    }

    private static void age(Path path, Duration age) throws Exception {
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(age)));
    }

    private static String uri(Path file) {
        return org.apache.flink.core.fs.Path.fromLocalFile(file.toFile()).toString();
    }
}
