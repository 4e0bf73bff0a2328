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
package dev.flinkext.examples.cluster;

import dev.flinkext.examples.tour.TourParams;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job jar's arguments. */
class ClusterTourJobTest {

    @Test
    void argumentsOverrideTheTourDefaultsAndNoFailureIsInjected() {
        TourParams params =
                ClusterTourJob.params(
                        new String[] {"--records", "24000", "--keys", "500", "--rate", "0"});
        assertThat(params.records()).isEqualTo(24_000);
        assertThat(params.keys()).isEqualTo(500);
        assertThat(params.recordsPerSecond()).isZero();
        assertThat(params.parallelism()).isEqualTo(TourParams.defaults().parallelism());
        assertThat(params.injectFailure()).isFalse();
        assertThat(params.quietCheckpoints()).isZero();
    }

    @Test
    void quietCheckpointsKeepTheInputOpen() {
        TourParams params = ClusterTourJob.params(new String[] {"--quiet-checkpoints", "1000000"});
        assertThat(params.quietCheckpoints()).isEqualTo(1_000_000);
        assertThatThrownBy(() -> ClusterTourJob.params(new String[] {"--quiet-checkpoints", "-1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quietCheckpoints");
    }

    @Test
    void anUnknownOrIncompleteArgumentIsRefusedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> ClusterTourJob.params(new String[] {"--speed", "5"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'--speed'")
                .hasMessageContaining("records");
        assertThatThrownBy(() -> ClusterTourJob.params(new String[] {"--records"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'--records'");
    }
}
