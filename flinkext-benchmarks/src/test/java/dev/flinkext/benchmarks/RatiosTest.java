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
package dev.flinkext.benchmarks;

import dev.flinkext.benchmarks.Ratios.Verdict;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatiosTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Ratios.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Ratios.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Ratios.median(new double[0])).isNaN();
    }

    @Test
    void spreadIsMedianWithMinAndMax() {
        assertThat(Ratios.spread(new double[] {1.2, 0.9, 1.0})).isEqualTo("1.000 [0.900–1.200]");
        assertThat(Ratios.spread(new double[] {1.18, 1.13, 1.2}, "%.2f", "×"))
                .isEqualTo("1.18× [1.13–1.20]");
        assertThat(Ratios.spread(new double[0])).isEqualTo("–");
    }

    @Test
    void atMostIsMetMissedOrNotResolved() {
        assertThat(Ratios.atMost(new double[] {0.98, 1.05, 1.01}, 1.05)).isEqualTo(Verdict.MET);
        assertThat(Ratios.atMost(new double[] {1.06, 1.2}, 1.05)).isEqualTo(Verdict.MISSED);
        assertThat(Ratios.atMost(new double[] {0.9, 1.2}, 1.05)).isEqualTo(Verdict.NOT_RESOLVED);
        assertThat(Ratios.atMost(new double[0], 1.05)).isEqualTo(Verdict.NOT_RESOLVED);
        assertThat(Verdict.NOT_RESOLVED).hasToString("not resolved");
    }

    @Test
    void atLeastIsMetMissedOrNotResolved() {
        assertThat(Ratios.atLeast(new double[] {5, 6}, 5)).isEqualTo(Verdict.MET);
        assertThat(Ratios.atLeast(new double[] {1.5, 1.5}, 5)).isEqualTo(Verdict.MISSED);
        assertThat(Ratios.atLeast(new double[] {4, 6}, 5)).isEqualTo(Verdict.NOT_RESOLVED);
    }
}
