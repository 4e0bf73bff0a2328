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

/**
 * Flink 1.20 test adapter: which parameter rows (checkpoint storage, full or incremental) Flink's
 * contract suites ({@code StateBackendTestBase}, {@code StateBackendMigrationTestBase}) run with on
 * this line. On 1.20: all of them. The 2.x line runs the rows its predicate keeps (see the 2.x
 * version of this class): the storages are Flink's code, which the instrumented backends forward to
 * unchanged, and every row costs a whole suite.
 */
public final class ContractParameters {

    private ContractParameters() {}

    /** All {@code rows}; {@code keptOnFlink2} applies on the 2.x line only. */
    public static List<Object[]> onThisLine(List<Object[]> rows, Predicate<Object[]> keptOnFlink2) {
        return rows;
    }
}
