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
package dev.flinkext.tools.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;

/**
 * Flink 2.x adapter: the restore mode is {@code RecoveryClaimMode} (1.20's {@code RestoreMode}),
 * set through {@link StateRecoveryOptions#RESTORE_MODE}.
 */
final class RecoveryModes {

    private RecoveryModes() {}

    /** Restores claim the snapshot's files ({@code CLAIM}) or not ({@code NO_CLAIM}). */
    static void set(Configuration conf, boolean claim) {
        conf.set(
                StateRecoveryOptions.RESTORE_MODE,
                claim ? RecoveryClaimMode.CLAIM : RecoveryClaimMode.NO_CLAIM);
    }
}
