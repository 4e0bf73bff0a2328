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
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names for operator ids. Flink 1.20's metadata holds only the 16-byte hash of an operator's uid
 * (2.x's holds the uid too); given the job's uids, the hash is recomputed as Flink's {@code
 * StreamGraphHasherV2} does it (murmur3, 128 bits, seed 0, over the uid's UTF-8 bytes) and matched.
 */
@Internal
public final class OperatorUids {

    private final Map<OperatorID, String> uids = new LinkedHashMap<>();

    public OperatorUids(List<String> knownUids) {
        for (String uid : knownUids) {
            uids.put(hash(uid), uid);
        }
    }

    /**
     * These uids and those {@code metadata} records (Flink 2.x records each operator's uid; 1.20
     * none): a uid given by the user wins.
     */
    public OperatorUids with(CheckpointMetadata metadata) {
        OperatorUids all = new OperatorUids(List.of());
        all.uids.putAll(uids);
        for (OperatorState operator : metadata.getOperatorStates()) {
            String uid = OperatorIdentity.uid(operator);
            if (uid != null) {
                all.uids.putIfAbsent(operator.getOperatorID(), uid);
            }
        }
        return all;
    }

    /** The operator id Flink derives from {@code uid}. */
    public static OperatorID hash(String uid) {
        return new OperatorID(UidHashing.murmur3(uid));
    }

    /** The uid whose hash is {@code id}, or null. */
    public String uidOf(OperatorID id) {
        return uids.get(id);
    }
}
