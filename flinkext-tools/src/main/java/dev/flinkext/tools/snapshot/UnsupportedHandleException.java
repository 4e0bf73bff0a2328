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
package dev.flinkext.tools.snapshot;

import org.apache.flink.annotation.Internal;

/** A state handle type the tools do not know how to follow to its files. */
@Internal
public final class UnsupportedHandleException extends Exception {

    private static final long serialVersionUID = 1L;

    UnsupportedHandleException(Object handle) {
        super(
                "state handle type "
                        + handle.getClass().getName()
                        + " is not known to flinkext; refusing to guess which files it references");
    }
}
