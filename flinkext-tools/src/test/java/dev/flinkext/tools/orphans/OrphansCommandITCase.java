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
import dev.flinkext.tools.testing.JobCheckpoints;
import dev.flinkext.tools.testing.ReflectiveReferences;
import dev.flinkext.tools.testing.StateZooJob;
import dev.flinkext.tools.testing.ToolsCluster;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code orphans} over real checkpoint histories: RocksDB incremental checkpoints subsumed by newer
 * ones, a job restored from them in NO_CLAIM and one in CLAIM mode (whose checkpoints keep
 * referencing the first job's shared files), a heap job with file merging, and the files a crashed
 * JobManager would have left (every file the jobs ever wrote, kept although Flink deleted it).
 *
 * <p>Over many randomized variations (metadata of completed checkpoints removed, old and young
 * files planted in shared/, taskowned/, old and new chk-N folders, any job's folder cleaned),
 * {@code --delete} never deletes a file that any remaining {@code _metadata} references (checked by
 * {@link ReflectiveReferences}, not the tools' own walk), nothing young, nothing in a chk-N folder
 * still being written, nothing outside the job's folder; and it deletes every planted old file.
 * Afterwards the real checkpoints verify and a job restored from the CLAIM job's checkpoint counts
 * exactly.
 */
class OrphansCommandITCase {

    // 150 s of source at RATE: a slow machine's RocksDB checkpoints (tens of seconds each under
    // load) must not outlast the source, or a job restored from a finished source counts nothing.
    private static final long RECORDS = 300_000;
    private static final int KEYS = 5_000;
    // Slow enough that no source finishes while checkpoints are taken (a partly finished job
    // with union state cannot checkpoint); the restored job at the end runs unthrottled.
    private static final double RATE = 2_000;
    // Seeded (history i uses Random(i)); 48 keep the whole suite's time in bounds (120 took about
    // 80 s of this test's 95, CPU-bound, when both Flink lines joined the suite).
    private static final int HISTORIES = 48;
    private static final Duration OLD = Duration.ofHours(2);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(ToolsCluster.configuration(2));

    @TempDir Path tmp;

    private Path base;
    private Path crashImage;

    @Test
    void deleteNeverRemovesAReferencedFile(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        base = tmp.resolve("checkpoints");
        crashImage = tmp.resolve("crash-image");
        List<String> a =
                run(
                        cluster,
                        new StateZooJob("a", RECORDS, KEYS, RATE, base)
                                .backend("rocksdb-incremental"),
                        5);
        String aLatest = a.get(a.size() - 1);
        run(
                cluster,
                new StateZooJob("c", RECORDS, KEYS, RATE, base)
                        .backend("rocksdb-incremental")
                        .restoreFrom(aLatest, StateZooJob.Claim.NO_CLAIM),
                2);
        List<String> b =
                run(
                        cluster,
                        new StateZooJob("b", RECORDS, KEYS, RATE, base)
                                .backend("rocksdb-incremental")
                                .restoreFrom(aLatest, StateZooJob.Claim.CLAIM),
                        2);
        Configuration fileMerging = new Configuration();
        fileMerging.set(CheckpointingOptions.FILE_MERGING_ENABLED, true);
        run(cluster, new StateZooJob("d", RECORDS, KEYS, RATE, base).set(fileMerging), 3);

        Path pristine = tmp.resolve("pristine");
        int leftovers = plantCrashLeftovers();
        assertThat(leftovers).as("files Flink deleted after subsuming checkpoints").isPositive();
        age(base, true);
        link(base, pristine);

        int deletions = 0;
        int checkedReferences = 0;
        for (int history = 0; history < HISTORIES; history++) {
            reset(pristine);
            Random random = new Random(history);
            History h = mutate(random);
            Path target = h.jobs.get(random.nextInt(h.jobs.size()));
            Set<Path> before = files(base);
            Set<Path> inProgress = inProgressFolders();
            CliRun run = CliRun.of("orphans", "--delete", "--json", target.toString());
            assertThat(run.exitCode).as("history %d: %s", history, run).isEqualTo(ExitCode.OK);
            Set<Path> after = files(base);
            Set<Path> deleted = new TreeSet<>(before);
            deleted.removeAll(after);
            deletions += deleted.size();

            for (Path metadata : metadataFiles()) {
                for (Path referenced : ReflectiveReferences.of(metadata)) {
                    checkedReferences++;
                    assertThat(referenced)
                            .as(
                                    "history %d: referenced by %s, cleaning %s",
                                    history, metadata, target)
                            .exists();
                }
            }
            for (Path file : deleted) {
                assertThat(file.startsWith(target))
                        .as("history %d: %s outside %s", history, file, target)
                        .isTrue();
                assertThat(file.getFileName().toString()).isNotEqualTo("_metadata");
                assertThat(h.young).as("history %d", history).doesNotContain(file);
                for (Path folder : inProgress) {
                    assertThat(file.startsWith(folder))
                            .as("history %d: %s in %s", history, file, folder)
                            .isFalse();
                }
            }
            for (Path planted : h.old) {
                boolean protectedFolder = inProgress.stream().anyMatch(planted::startsWith);
                if (planted.startsWith(target) && !protectedFolder) {
                    assertThat(planted)
                            .as("history %d: planted old orphan", history)
                            .doesNotExist();
                }
            }
        }
        assertThat(deletions).isGreaterThan(HISTORIES);
        assertThat(checkedReferences).isGreaterThan(HISTORIES * 10);
        System.out.printf(
                "%d histories: %d files deleted, %d references checked, %d crash leftovers%n",
                HISTORIES, deletions, checkedReferences, leftovers);

        // The real directory with the crash leftovers: report, delete, and everything still works.
        reset(pristine);
        Path aDir = Path.of(URI.create(aLatest)).getParent();
        CliRun dryRun = CliRun.of("orphans", "--json", aDir.toString());
        assertThat(dryRun.exitCode).as(dryRun.toString()).isEqualTo(ExitCode.PROBLEM_FOUND);
        JsonNode report = dryRun.json();
        assertThat(report.get("orphans").size()).isPositive();
        long orphanBytes = 0;
        for (JsonNode orphan : report.get("orphans")) {
            orphanBytes += orphan.get("sizeBytes").asLong();
            assertThat(Files.size(Path.of(URI.create(orphan.get("path").asText()))))
                    .isEqualTo(orphan.get("sizeBytes").asLong());
        }
        assertThat(report.get("orphanBytes").asLong()).isEqualTo(orphanBytes);
        assertThat(report.get("referencedFiles").asInt()).isPositive();
        for (Path job : jobFolders()) {
            CliRun delete = CliRun.of("orphans", "--delete", job.toString());
            assertThat(delete.exitCode).as(delete.toString()).isEqualTo(ExitCode.OK);
        }
        // Every checkpoint left, file-merged and CLAIM/NO_CLAIM-restored ones included, still
        // restores offline with Flink's restore code.
        for (Path metadata : metadataFiles()) {
            CliRun verify =
                    CliRun.of("verify", "--deep", "--json", metadata.getParent().toString());
            assertThat(verify.exitCode).as(verify.toString()).isEqualTo(ExitCode.OK);
            assertThat(verify.json().get("restores")).isNotEmpty();
        }
        String bLatest = b.get(b.size() - 1);
        StateZooJob restored =
                new StateZooJob("restored", RECORDS, KEYS, 1_000_000, tmp.resolve("restored"))
                        .backend("rocksdb-incremental")
                        .restoreFrom(bLatest, StateZooJob.Claim.NO_CLAIM);
        JobCheckpoints job = new JobCheckpoints(cluster, restored.submit(cluster));
        assertThat(job.awaitTermination()).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.wrongCounts()).isEmpty();
    }

    /** Runs {@code job}, takes {@code count} checkpoints, cancels it; keeps every file seen. */
    private List<String> run(MiniCluster cluster, StateZooJob job, int count) throws Exception {
        JobCheckpoints checkpoints = new JobCheckpoints(cluster, job.submit(cluster));
        List<String> taken = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                long target = i * 1_000L;
                checkpoints.await(() -> job.counted() >= target);
                taken.add(checkpoints.checkpoint());
                copyNewFiles(base, crashImage);
            }
        } finally {
            checkpoints.cancel();
        }
        copyNewFiles(base, crashImage);
        return taken;
    }

    /**
     * Puts back every file Flink deleted (subsumed checkpoints' state, replaced SST files) except
     * the _metadata of checkpoints that are gone: what a JobManager that crashed while discarding
     * would leave behind.
     */
    private int plantCrashLeftovers() throws IOException {
        int planted = 0;
        for (Path file : files(crashImage)) {
            Path original = base.resolve(crashImage.relativize(file));
            if (Files.exists(original)) {
                continue;
            }
            boolean goneCheckpoint = !Files.exists(original.getParent());
            if (goneCheckpoint && file.getFileName().toString().equals("_metadata")) {
                continue;
            }
            Files.createDirectories(original.getParent());
            Files.copy(file, original);
            planted++;
        }
        return planted;
    }

    private static final class History {
        final List<Path> jobs;
        final Set<Path> old = new HashSet<>();
        final Set<Path> young = new HashSet<>();

        History(List<Path> jobs) {
            this.jobs = jobs;
        }
    }

    private History mutate(Random random) throws IOException {
        History history = new History(jobFolders());
        for (Path metadata : metadataFiles()) {
            if (random.nextDouble() < 0.25) {
                Files.delete(metadata);
                if (random.nextBoolean()) {
                    setModified(metadata.getParent(), Instant.now().minus(OLD));
                }
            }
        }
        int plants = random.nextInt(10);
        for (int i = 0; i < plants; i++) {
            Path job = history.jobs.get(random.nextInt(history.jobs.size()));
            Path folder;
            switch (random.nextInt(4)) {
                case 0:
                    folder = job.resolve("shared");
                    break;
                case 1:
                    folder = job.resolve("taskowned");
                    break;
                case 2:
                    folder = existingCheckpointFolder(job, random);
                    break;
                default:
                    folder = job.resolve("chk-" + (100 + random.nextInt(50)));
                    break;
            }
            Files.createDirectories(folder);
            Instant folderModified = Files.getLastModifiedTime(folder).toInstant();
            Path file = folder.resolve("planted-" + random.nextInt(1_000_000));
            Files.write(file, new byte[random.nextInt(4096)]);
            boolean young = random.nextBoolean();
            if (young) {
                history.young.add(file);
            } else {
                setModified(file, Instant.now().minus(OLD));
                history.old.add(file);
            }
            // Planting touches the folder; most crashed folders are old, some were just written.
            setModified(folder, random.nextBoolean() ? Instant.now().minus(OLD) : folderModified);
        }
        return history;
    }

    private static Path existingCheckpointFolder(Path job, Random random) throws IOException {
        try (Stream<Path> children = Files.list(job)) {
            List<Path> checkpoints =
                    children.filter(p -> p.getFileName().toString().startsWith("chk-"))
                            .sorted()
                            .collect(Collectors.toList());
            return checkpoints.isEmpty()
                    ? job.resolve("chk-99")
                    : checkpoints.get(random.nextInt(checkpoints.size()));
        }
    }

    /** chk-N folders without _metadata in which the folder or a file is younger than 1 h. */
    private Set<Path> inProgressFolders() throws IOException {
        Set<Path> folders = new TreeSet<>();
        Instant cutoff = Instant.now().minus(Duration.ofHours(1)).minusSeconds(60);
        for (Path job : jobFolders()) {
            try (Stream<Path> children = Files.list(job)) {
                for (Path folder :
                        children.filter(p -> p.getFileName().toString().startsWith("chk-"))
                                .collect(Collectors.toList())) {
                    if (Files.exists(folder.resolve("_metadata"))) {
                        continue;
                    }
                    try (Stream<Path> all = Files.walk(folder)) {
                        boolean young =
                                all.anyMatch(
                                        p -> {
                                            try {
                                                return Files.getLastModifiedTime(p)
                                                        .toInstant()
                                                        .isAfter(cutoff);
                                            } catch (IOException e) {
                                                throw new UncheckedIOException(e);
                                            }
                                        });
                        if (young) {
                            folders.add(folder);
                        }
                    }
                }
            }
        }
        return folders;
    }

    private List<Path> jobFolders() throws IOException {
        try (Stream<Path> children = Files.list(base)) {
            return children.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
    }

    private List<Path> metadataFiles() throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            return all.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The regular files under {@code root}; files that vanish while listed are skipped. */
    private static Set<Path> files(Path root) throws IOException {
        Set<Path> files = new TreeSet<>();
        if (!Files.exists(root)) {
            return files;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile()) {
                            files.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
        return files;
    }

    private static void copyNewFiles(Path from, Path to) throws IOException {
        for (Path file : files(from)) {
            Path copy = to.resolve(from.relativize(file));
            if (Files.exists(copy)) {
                continue;
            }
            Files.createDirectories(copy.getParent());
            try {
                Files.copy(file, copy);
            } catch (NoSuchFileException e) {
                // Deleted by Flink meanwhile.
            }
        }
    }

    /** Makes {@code to} a tree of hard links to {@code from}'s files. */
    private static void link(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path path : all.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(path));
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createLink(target, path);
                }
            }
        }
    }

    /** The checkpoint folder as it was after the jobs, the leftovers planted and all aged. */
    private void reset(Path pristine) throws IOException {
        if (Files.exists(base)) {
            try (Stream<Path> all = Files.walk(base)) {
                for (Path path :
                        all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(path);
                }
            }
        }
        link(pristine, base);
        age(base, false);
    }

    /** Makes folders (and, if {@code files}, files) two hours old. */
    private static void age(Path root, boolean files) throws IOException {
        Instant old = Instant.now().minus(OLD);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                if (files || Files.isDirectory(path)) {
                    setModified(path, old);
                }
            }
        }
    }

    private static void setModified(Path path, Instant when) throws IOException {
        Files.setLastModifiedTime(path, FileTime.from(when));
    }
}
