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
package dev.flinkext.tools.options;

import dev.flinkext.tools.snapshot.OperatorUids;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --uid} of the commands that name operators: the metadata holds only uid hashes. */
@Internal
public final class UidOptions {

    @Option(
            names = "--uid",
            paramLabel = "UID",
            split = ",",
            description =
                    "The job's operator uids, to name operators (the metadata holds only"
                            + " their hashes; comma-separated or repeated).")
    private List<String> uids = new ArrayList<>();

    /** The operators named by {@code --uid}. */
    public OperatorUids operatorUids() {
        return new OperatorUids(uids);
    }
}
