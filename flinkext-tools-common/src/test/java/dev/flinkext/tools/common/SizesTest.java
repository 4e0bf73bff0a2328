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

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes for people: binary units, one decimal. */
class SizesTest {

    @Test
    void formatsInBinaryUnits() {
        assertThat(Sizes.format(0L)).isEqualTo("0 B");
        assertThat(Sizes.format(1023L)).isEqualTo("1023 B");
        assertThat(Sizes.format(1024L)).isEqualTo("1.0 KiB");
        assertThat(Sizes.format(1536L)).isEqualTo("1.5 KiB");
        assertThat(Sizes.format(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Sizes.format(null)).isEqualTo("-");
        assertThat(Sizes.formatChange(2048)).isEqualTo("+2.0 KiB");
        assertThat(Sizes.formatChange(-20)).isEqualTo("-20 B");
    }
}
