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
package dev.flinkext.rewrite;

import org.openrewrite.java.tree.Comment;
import org.openrewrite.java.tree.Space;

import java.util.ArrayList;
import java.util.List;

/**
 * The comments in a statement's prefix, for a recipe that removes or moves the statement. In
 * OpenRewrite's tree a comment at the end of a line ({@code a(); // why}) is in the prefix of the
 * statement on the next line, so a prefix holds two kinds: the comments that end the line before
 * (they stay with that line) and the comments on lines of their own above the statement (they go
 * with what the statement becomes).
 */
final class CarriedComments {

    private CarriedComments() {}

    /** How many of the prefix's comments end the line before the statement. */
    private static int trailing(Space prefix) {
        if (prefix.getWhitespace().contains("\n")) {
            return 0;
        }
        int count = 0;
        for (Comment comment : prefix.getComments()) {
            count++;
            if (comment.getSuffix().contains("\n")) {
                break;
            }
        }
        return count;
    }

    /** The comments that end the line before, with the whitespace before them; may be empty. */
    static Space endOfLineBefore(Space prefix) {
        int count = trailing(prefix);
        return count == 0
                ? Space.EMPTY
                : Space.build(prefix.getWhitespace(), prefix.getComments().subList(0, count));
    }

    /** The comments on lines of their own above the statement. */
    static List<Comment> above(Space prefix) {
        List<Comment> comments = prefix.getComments();
        return new ArrayList<>(comments.subList(trailing(prefix), comments.size()));
    }

    /** {@code prefix} without the comments that end the line before. */
    static Space withoutEndOfLineBefore(Space prefix) {
        int count = trailing(prefix);
        if (count == 0) {
            return prefix;
        }
        List<Comment> comments = prefix.getComments();
        return Space.build(
                comments.get(count - 1).getSuffix(), comments.subList(count, comments.size()));
    }

    /**
     * {@code prefix} with {@code comments} on lines of their own before its own comments, each line
     * indented by {@code indent}.
     */
    static Space withAbove(Space prefix, List<Comment> comments, String indent) {
        if (comments.isEmpty()) {
            return prefix;
        }
        List<Comment> all = new ArrayList<>();
        for (Comment comment : comments) {
            all.add(comment.withSuffix("\n" + indent));
        }
        all.addAll(prefix.getComments());
        String whitespace =
                prefix.getWhitespace().contains("\n") ? prefix.getWhitespace() : "\n" + indent;
        return Space.build(whitespace, all);
    }

    /** {@code prefix} after {@code endOfLine}, comments that end the line before it. */
    static Space afterEndOfLine(Space endOfLine, Space prefix) {
        if (endOfLine.getComments().isEmpty()) {
            return prefix;
        }
        List<Comment> all = new ArrayList<>(endOfLine.getComments());
        int last = all.size() - 1;
        String whitespace = prefix.getWhitespace().contains("\n") ? prefix.getWhitespace() : "\n";
        all.set(last, all.get(last).withSuffix(whitespace));
        all.addAll(prefix.getComments());
        return Space.build(endOfLine.getWhitespace(), all);
    }

    /** Joins two comment fragments that end the same line. */
    static Space join(Space first, Space second) {
        if (first.getComments().isEmpty()) {
            return second;
        }
        if (second.getComments().isEmpty()) {
            return first;
        }
        List<Comment> all = new ArrayList<>(first.getComments());
        all.addAll(second.getComments());
        return Space.build(first.getWhitespace(), all);
    }
}
