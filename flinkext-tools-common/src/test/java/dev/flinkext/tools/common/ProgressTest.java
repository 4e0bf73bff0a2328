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
package dev.flinkext.tools.common;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress: one line rewritten in place, cleared at the end; shown only on a terminal. */
class ProgressTest {

    @Test
    void rewritesOneLineAndClearsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = Progress.to(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        progress.update("checking file 1/20");
        progress.update("checking file 2/20");
        progress.update("done?");
        progress.done();
        String written = bytes.toString(StandardCharsets.UTF_8);
        assertThat(written)
                .isEqualTo(
                        "\rchecking file 1/20"
                                + "\rchecking file 2/20"
                                // A shorter message blanks out the rest of the longer one.
                                + "\rdone?"
                                + " ".repeat(13)
                                + "\r"
                                + " ".repeat(5)
                                + "\r");
        assertThat(written).doesNotContain("\n");
    }

    @Test
    void silentWritesNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress =
                Progress.to(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        progress.update("checking file 1/20");
        progress.done();
        assertThat(bytes.size()).isZero();
    }

    @Test
    void theLauncherDecidesAndOtherwiseTheConsole() {
        assertThat(Progress.enabled("true", false)).isTrue();
        assertThat(Progress.enabled("false", true)).isFalse();
        assertThat(Progress.enabled(null, true)).isTrue();
        assertThat(Progress.enabled(null, false)).isFalse();
    }
}
