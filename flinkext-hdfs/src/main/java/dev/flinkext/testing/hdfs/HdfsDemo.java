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
package dev.flinkext.testing.hdfs;

import org.apache.flink.annotation.Internal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A local HDFS to try the pack against, for people without one: a NameNode on {@code
 * 127.0.0.1:<port>} (default 8020, HDFS's own) and a DataNode, storage under {@code
 * flinkext-hdfs/target/hdfs-demo}, running until Ctrl-C. Started by {@code mvn -B -Phdfs
 * -DskipTests -pl flinkext-hdfs verify} (see docs/tour.md).
 */
@Internal
public final class HdfsDemo {

    private HdfsDemo() {}

    public static void main(String[] args) throws Exception {
        int port;
        try {
            port = args.length == 0 || args[0].isBlank() ? 8020 : Integer.parseInt(args[0].trim());
        } catch (NumberFormatException e) {
            System.err.println(
                    "hdfs.port '" + args[0] + "' is not a port number; give 1-65535, or 0 for any");
            System.exit(2);
            return;
        }
        HdfsCluster hdfs = HdfsCluster.start(Path.of("target", "hdfs-demo"), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    hdfs.close();
                                    stopped.countDown();
                                },
                                "hdfs-demo-stop"));
        System.out.printf(
                "%nHDFS is running: NameNode %s (DataNode on 127.0.0.1 too; storage under %s)%n"
                        + "Try, in another terminal:%n"
                        + "  mvn -B -Ptour -DskipTests verify -Dtour.args=\"--checkpoint-dir %s\"%n"
                        + "Ctrl-C stops it.%n",
                hdfs.nameNodeUri(), hdfs.baseDirectory(), hdfs.uri("flinkext/tour"));
        stopped.await();
    }
}
