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

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs another main class and, when the JVM exits, writes its peak resident set ({@code VmHWM} of
 * {@code /proc/self/status}) and its peak heap use (sampled every 20 ms) to a file: how {@link
 * OrphansScaleBenchmark} measures a child JVM's memory. Arguments: the file, the main class, its
 * arguments.
 */
public final class MeasuredMain {

    private static final AtomicLong PEAK_HEAP = new AtomicLong();

    private MeasuredMain() {}

    public static void main(String[] args) throws Throwable {
        Path report = Path.of(args[0]);
        Thread sampler =
                new Thread(
                        () -> {
                            while (true) {
                                PEAK_HEAP.accumulateAndGet(
                                        ManagementFactory.getMemoryMXBean()
                                                .getHeapMemoryUsage()
                                                .getUsed(),
                                        Math::max);
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "measured-main-heap");
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> writePeaks(report), "measured-main-peaks"));
        try {
            Class.forName(args[1])
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void writePeaks(Path report) {
        long heap =
                PEAK_HEAP.accumulateAndGet(
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                        Math::max);
        long rssKib = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    rssKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            Files.writeString(
                    report,
                    "rssBytes=" + rssKib * 1024 + "\nheapPeakBytes=" + heap + "\n",
                    StandardCharsets.UTF_8);
        } catch (Exception e) {
            System.err.println("MeasuredMain: cannot write " + report + ": " + e);
        }
    }
}
