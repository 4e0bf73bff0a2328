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
package dev.flinkext.tools.verify;

import dev.flinkext.tools.common.BadInputException;
import dev.flinkext.tools.common.Progress;
import dev.flinkext.tools.snapshot.KeyedStateLayout;
import dev.flinkext.tools.snapshot.KeyedStateReader;
import dev.flinkext.tools.snapshot.Locations;
import dev.flinkext.tools.snapshot.OperatorUids;
import dev.flinkext.tools.snapshot.Snapshot;
import dev.flinkext.tools.snapshot.StateFile;
import dev.flinkext.tools.snapshot.StateFiles;
import dev.flinkext.tools.snapshot.UnsupportedHandleException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.filemerging.SegmentFileStateHandle;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every file a snapshot references exists, can be opened and read, and has the size its
 * handle recorded: exactly, for a whole-file handle; at least up to the end of the segment, for a
 * file-merging segment. A problem names the operator, subtask and states it belongs to.
 */
@Internal
public final class SnapshotVerifier {

    private final KeyedStateReader namesReader;
    private final OperatorUids uids;
    private final Progress progress;

    public SnapshotVerifier(ClassLoader classLoader, OperatorUids uids, Progress progress) {
        this.namesReader = new KeyedStateReader(classLoader, false);
        this.uids = uids;
        this.progress = progress;
    }

    public VerifyReport verify(Snapshot snapshot) throws BadInputException {
        List<StateFile> streams;
        try {
            streams = StateFiles.of(snapshot.metadata());
        } catch (UnsupportedHandleException e) {
            throw new BadInputException(
                    snapshot.metadataFile() + ": cannot verify: " + e.getMessage(), e);
        }
        Map<Path, List<StateFile>> byFile = new LinkedHashMap<>();
        int inline = 0;
        for (StateFile stream : streams) {
            if (stream.path() == null) {
                inline++;
            } else {
                byFile.computeIfAbsent(stream.path(), p -> new ArrayList<>()).add(stream);
            }
        }
        List<VerifyReport.Problem> problems = new ArrayList<>();
        Map<StateObject, List<String>> namesCache = new IdentityHashMap<>();
        long bytes = 0;
        int checked = 0;
        for (Map.Entry<Path, List<StateFile>> file : byFile.entrySet()) {
            checked++;
            progress.update(String.format("checking file %d/%d", checked, byFile.size()));
            Path path = file.getKey();
            List<StateFile> users = file.getValue();
            boolean segments = users.get(0).handle() instanceof SegmentFileStateHandle;
            long expected = 0;
            for (StateFile user : users) {
                expected = Math.max(expected, user.offset() + user.size());
            }
            bytes += expected;
            String problem = null;
            Long actual = null;
            String detail = null;
            try {
                FileSystem fs = Locations.fileSystem(path);
                FileStatus status = fs.getFileStatus(path);
                actual = status.getLen();
                if (status.isDir()) {
                    problem = "not a file";
                } else if (actual < expected) {
                    problem = "short";
                } else if (!segments && actual != expected) {
                    problem = "size differs";
                } else {
                    try (FSDataInputStream in = fs.open(path)) {
                        if (expected > 0 && in.read() < 0) {
                            problem = "unreadable";
                            detail = "ends at its first byte";
                        }
                    }
                }
            } catch (FileNotFoundException e) {
                problem = "missing";
            } catch (IOException e) {
                problem = "unreadable";
                detail = Locations.oneLine(e);
            }
            if (problem != null) {
                for (StateFile user : distinctOwners(users)) {
                    problems.add(
                            new VerifyReport.Problem(
                                    path.toString(),
                                    problem,
                                    expected,
                                    actual,
                                    detail,
                                    user.operator().toHexString(),
                                    uids.uidOf(user.operator()),
                                    user.subtask(),
                                    user.role().description(),
                                    stateNames(user, streams, namesCache)));
                }
            }
        }
        progress.done();
        return new VerifyReport(
                snapshot.directory().toString(),
                snapshot.checkpointId(),
                byFile.size(),
                bytes,
                inline,
                problems,
                snapshot.readWith());
    }

    /** One problem per operator, subtask and role that uses the file. */
    private static List<StateFile> distinctOwners(List<StateFile> users) {
        Map<String, StateFile> distinct = new LinkedHashMap<>();
        for (StateFile user : users) {
            distinct.putIfAbsent(user.operator() + "/" + user.subtask() + "/" + user.role(), user);
        }
        return new ArrayList<>(distinct.values());
    }

    /**
     * The states the stream belongs to: an operator state handle names them; a keyed stream's names
     * are read from its handle's meta information, or, when that is the missing file, from the
     * operator's other subtasks (marked so).
     */
    private List<String> stateNames(
            StateFile user, List<StateFile> all, Map<StateObject, List<String>> cache) {
        if (user.owner() instanceof OperatorStateHandle) {
            return new ArrayList<>(
                    ((OperatorStateHandle) user.owner()).getStateNameToPartitionOffsets().keySet());
        }
        if (!(user.owner() instanceof KeyedStateHandle)) {
            return List.of();
        }
        List<String> own = keyedNames((KeyedStateHandle) user.owner(), cache);
        if (!own.isEmpty()) {
            return own;
        }
        Set<String> others = new LinkedHashSet<>();
        for (StateFile other : all) {
            if (other.operator().equals(user.operator())
                    && other.owner() != user.owner()
                    && other.owner() instanceof KeyedStateHandle) {
                for (String name : keyedNames((KeyedStateHandle) other.owner(), cache)) {
                    others.add(name + " (name from another subtask)");
                }
            }
        }
        return new ArrayList<>(others);
    }

    private List<String> keyedNames(KeyedStateHandle handle, Map<StateObject, List<String>> cache) {
        return cache.computeIfAbsent(
                handle,
                h -> {
                    KeyedStateLayout layout = namesReader.read((KeyedStateHandle) h);
                    List<String> names = new ArrayList<>();
                    for (KeyedStateLayout.State state : layout.states()) {
                        names.add(state.name());
                    }
                    return names;
                });
    }
}
