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
package dev.flinkext.state.testing;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Flink 2.x test adapter: which parameter rows (checkpoint storage, full or incremental) Flink's
 * contract suites ({@code StateBackendTestBase}, {@code StateBackendMigrationTestBase}) run with on
 * this line. On 2.x: only the rows {@code keptOnFlink2} keeps, the filesystem storage, because the
 * storages are Flink's code, which the instrumented backends forward to unchanged, the 1.20 line
 * runs every row, and every row costs a whole suite (the RocksDB suite alone ~35 s per row on two
 * cores). Every test of the suites still runs on 2.x, and none is disabled beyond what Flink's own
 * backend tests disable.
 */
public final class ContractParameters {

    private ContractParameters() {}

    /** The {@code rows} that {@code keptOnFlink2} keeps; fails if it keeps none. */
    public static List<Object[]> onThisLine(List<Object[]> rows, Predicate<Object[]> keptOnFlink2) {
        List<Object[]> kept = rows.stream().filter(keptOnFlink2).collect(Collectors.toList());
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("No parameter row kept for the Flink 2.x line");
        }
        return kept;
    }
}
