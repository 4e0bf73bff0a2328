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
package dev.flinkext.examples.tour;

import dev.flinkext.examples.tour.KryoShapesJob.Job;
import dev.flinkext.examples.tour.KryoShapesJob.Shape;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.util.EnvironmentInformation;

import java.nio.file.Path;
import java.util.Map;

/**
 * The Flink 1.20 half of the cross-version restore test of the 2.x line ({@code
 * CrossVersionRestoreITCase}): a main run in a JVM of its own with Flink 1.20 on the classpath. For
 * each row named (a {@link TourConfiguration} name that the 2.x line has too) it writes, under the
 * checkpoint root, the checkpoint the tour's job retains after its injected failure and a canonical
 * savepoint, and prints {@code RETAINED <row> <path>} and {@code SAVEPOINT <row> <path>}; the exit
 * code is 0 only when all were written. Records, keys and partitions are {@link
 * TourTesting#PARAMS}, which the restoring side uses too. It also writes canonical savepoints of
 * the Kryo-state jobs under heap and RocksDB ({@link KryoStateJob}: {@code KRYO <backend> <path>};
 * {@link KryoShapesJob}: {@code <job label> <backend> <path>}) and prints what Flink 1.20 itself
 * finds when it restores each ({@code KRYO-ON-1.20 …}, {@code <job label>-ON-1.20 …}).
 */
final class SnapshotWriter {

    /**
     * The backends of the Kryo-state jobs' savepoints ({@link KryoStateJob}, {@link
     * KryoShapesJob}).
     */
    static final String[] KRYO_BACKENDS = {"hashmap", "rocksdb"};

    private SnapshotWriter() {}

    /** Arguments: the checkpoint root (a folder) and the rows, comma-separated. */
    public static void main(String[] args) {
        try {
            write(Path.of(args[0]), args[1].split(","));
        } catch (Throwable t) {
            // Flink's threads would keep the JVM alive: end it, so the test fails now.
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void write(Path root, String[] rows) throws Exception {
        System.out.println("FLINK " + EnvironmentInformation.getVersion());
        // Any free REST port: other Flink JVMs on the machine (a concurrent build) may hold 8081.
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        try (MiniCluster cluster = StateTour.startCluster(TourTesting.PARAMS.parallelism(), conf)) {
            TourRunner runner = new TourRunner(cluster, TourTesting.PARAMS, root, System.err);
            for (String name : rows) {
                TourConfiguration row = TourConfiguration.valueOf(name);
                String retained = runner.retain(row, row.name() + "-retained", row.label());
                System.out.println("RETAINED " + row.name() + " " + retained);
                String savepoint =
                        runner.savepoint(
                                row,
                                row.name() + "-savepoint",
                                SavepointFormatType.CANONICAL,
                                row.label());
                System.out.println("SAVEPOINT " + row.name() + " " + savepoint);
            }
            for (String backend : KRYO_BACKENDS) {
                String savepoint =
                        KryoStateJob.savepoint(
                                cluster,
                                backend,
                                root.resolve("kryo-" + backend).toUri().toString());
                System.out.println("KRYO " + backend + " " + savepoint);
                // The control: Flink 1.20 itself restores the savepoint exactly.
                int complete =
                        KryoStateJob.restore(
                                cluster,
                                backend,
                                root.resolve("kryo-" + backend + "-restored").toUri().toString(),
                                savepoint);
                System.out.println("KRYO-ON-1.20 " + backend + " " + complete);
            }
            long start = System.nanoTime();
            for (Job job : Job.values()) {
                for (String backend : KRYO_BACKENDS) {
                    writeShapes(cluster, job, backend, root);
                }
            }
            System.err.printf(
                    "Kryo shapes: savepoints and controls in %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Writes a canonical savepoint of {@code job} under {@code backend}, prints {@code <label>
     * <backend> <path>}, restores it here and prints what each shape found ({@code <label>-ON-1.20
     * <backend> <results>}, as {@link ShapeResult#format} writes them).
     */
    private static void writeShapes(MiniCluster cluster, Job job, String backend, Path root)
            throws Exception {
        String name = job.label.toLowerCase() + "-" + backend;
        String savepoint =
                KryoShapesJob.savepoint(
                        cluster, job, backend, root.resolve(name).toUri().toString());
        System.out.println(job.label + " " + backend + " " + savepoint);
        // The control: Flink 1.20 itself restores the savepoint exactly.
        Map<Shape, ShapeResult> control =
                KryoShapesJob.restore(
                        cluster,
                        job,
                        backend,
                        root.resolve(name + "-restored").toUri().toString(),
                        savepoint);
        System.out.println(job.label + "-ON-1.20 " + backend + " " + ShapeResult.format(control));
        control.forEach(
                (shape, result) ->
                        result.samples()
                                .forEach(
                                        sample ->
                                                System.err.println(
                                                        "on 1.20, " + shape + " " + sample)));
    }
}
