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

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests an s3proxy received, read from the log {@code S3ProxyServer.startLoggingRequests}
 * makes it write (one {@code request: Request(METHOD URI)@id} line per request), and counted per
 * checkpoint by the {@code chk-<n>} in each request's key or listing prefix.
 */
final class S3RequestLog {

    private static final Pattern LINE =
            Pattern.compile("^request: Request\\(([A-Z]+) (\\S+)\\)@[0-9a-f]+\\s*$");
    private static final Pattern CHECKPOINT = Pattern.compile("/chk-(\\d+)(?:/|$|&)");

    /** One request: its method, its path (URL-decoded) and its query (URL-decoded, or empty). */
    record Request(String method, String path, String query) {

        /** Whether the request makes an object: a PUT of one, or completing a multipart upload. */
        boolean createsObject() {
            return method.equals("PUT") && !query.contains("partNumber=")
                    || method.equals("POST") && query.contains("uploadId=");
        }

        /**
         * Whether the request is about keys under {@code prefix} (no leading slash) of a bucket.
         */
        boolean concerns(String bucket, String prefix) {
            return path.startsWith("/" + bucket + "/" + prefix)
                    || path.equals("/" + bucket) && query.contains("prefix=" + prefix)
                    || path.equals("/" + bucket + "/") && query.contains("prefix=" + prefix);
        }

        /** The checkpoint the key or listing prefix belongs to ({@code chk-<n>}), if any. */
        OptionalLong checkpointId() {
            Matcher matcher = CHECKPOINT.matcher(path + "&" + query.replace("prefix=", "/"));
            return matcher.find()
                    ? OptionalLong.of(Long.parseLong(matcher.group(1)))
                    : OptionalLong.empty();
        }
    }

    /** What one checkpoint cost the server. */
    record Counts(int requests, int objectsCreated, Map<String, Integer> byMethod) {}

    private S3RequestLog() {}

    /** The log's size in bytes now: where the next run's requests start. */
    static long end(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** The requests logged from byte {@code offset} on. */
    static List<Request> read(Path log, long offset) throws IOException {
        List<Request> requests = new ArrayList<>();
        if (!Files.exists(log)) {
            return requests;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) (file.length() - offset)];
            file.seek(offset);
            file.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                Request request = parse(line);
                if (request != null) {
                    requests.add(request);
                }
            }
        }
        return requests;
    }

    /** The request of one log line, or null for any other line. */
    static Request parse(String line) {
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
            return null;
        }
        String uri = matcher.group(2);
        int pathStart = uri.indexOf('/', uri.indexOf("://") + 3);
        String pathAndQuery = pathStart < 0 ? "/" : uri.substring(pathStart);
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        return new Request(matcher.group(1), decode(path), decode(query));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Per checkpoint id, the requests about keys under {@code prefix} that name that checkpoint.
     */
    static Map<Long, Counts> perCheckpoint(List<Request> requests, String bucket, String prefix) {
        Map<Long, List<Request>> byCheckpoint = new TreeMap<>();
        for (Request request : requests) {
            if (request.concerns(bucket, prefix)) {
                OptionalLong id = request.checkpointId();
                if (id.isPresent()) {
                    byCheckpoint
                            .computeIfAbsent(id.getAsLong(), i -> new ArrayList<>())
                            .add(request);
                }
            }
        }
        Map<Long, Counts> counts = new TreeMap<>();
        byCheckpoint.forEach((id, list) -> counts.put(id, count(list)));
        return counts;
    }

    /** The requests about keys under {@code prefix} that name no checkpoint. */
    static Counts outsideCheckpoints(List<Request> requests, String bucket, String prefix) {
        List<Request> other = new ArrayList<>();
        for (Request request : requests) {
            if (request.concerns(bucket, prefix) && request.checkpointId().isEmpty()) {
                other.add(request);
            }
        }
        return count(other);
    }

    static Counts count(List<Request> requests) {
        Map<String, Integer> byMethod = new TreeMap<>();
        int created = 0;
        for (Request request : requests) {
            byMethod.merge(request.method(), 1, Integer::sum);
            if (request.createsObject()) {
                created++;
            }
        }
        return new Counts(requests.size(), created, byMethod);
    }
}
