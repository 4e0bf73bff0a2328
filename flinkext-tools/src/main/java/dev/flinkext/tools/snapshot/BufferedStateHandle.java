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
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.runtime.state.PhysicalStateHandleID;
import org.apache.flink.runtime.state.StreamStateHandle;

import javax.annotation.Nullable;

import java.io.IOException;
import java.util.Optional;

/**
 * A state stream read through a buffer, for Flink's own restore code to read from, which also says
 * how far that code has read ({@link #position()}). Flink's readers of the canonical format read a
 * key's and a value's length and bytes with one call each, and a local file's stream passes every
 * call to the operating system: unbuffered, reading a savepoint costs four system calls per entry
 * or more.
 */
@Internal
public final class BufferedStateHandle implements StreamStateHandle {

    private static final long serialVersionUID = 1L;
    private static final int BUFFER = 64 * 1024;

    private final StreamStateHandle delegate;
    @Nullable private transient FSDataInputStream stream;

    public BufferedStateHandle(StreamStateHandle delegate) {
        this.delegate = delegate;
    }

    /** Where the reader of the stream opened last is: 0 before one is opened. */
    public long position() throws IOException {
        return stream == null ? 0 : stream.getPos();
    }

    @Override
    public FSDataInputStream openInputStream() throws IOException {
        stream = new Buffered(delegate.openInputStream());
        return stream;
    }

    @Override
    public Optional<byte[]> asBytesIfInMemory() {
        return delegate.asBytesIfInMemory();
    }

    @Override
    public PhysicalStateHandleID getStreamStateHandleID() {
        return delegate.getStreamStateHandleID();
    }

    @Override
    public void discardState() {
        throw new UnsupportedOperationException("the tools never discard state");
    }

    @Override
    public long getStateSize() {
        return delegate.getStateSize();
    }

    /** Seekable: a seek within the buffer moves in it, any other one empties it. */
    private static final class Buffered extends FSDataInputStream {
        private final FSDataInputStream in;
        private final byte[] buffer = new byte[BUFFER];

        /** The stream position of buffer[0]; the stream itself is at start + length. */
        private long start;

        private int length;
        private int position;

        Buffered(FSDataInputStream in) throws IOException {
            this.in = in;
            this.start = in.getPos();
        }

        @Override
        public void seek(long target) throws IOException {
            if (target >= start && target <= start + length) {
                position = (int) (target - start);
            } else {
                in.seek(target);
                start = target;
                length = 0;
                position = 0;
            }
        }

        @Override
        public long getPos() {
            return start + position;
        }

        @Override
        public int read() throws IOException {
            if (position >= length && !fill()) {
                return -1;
            }
            return buffer[position++] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                if (count >= buffer.length) {
                    start += length;
                    length = 0;
                    position = 0;
                    int read = in.read(bytes, offset, count);
                    if (read > 0) {
                        start += read;
                    }
                    return read;
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(count, length - position);
            System.arraycopy(buffer, position, bytes, offset, n);
            position += n;
            return n;
        }

        private boolean fill() throws IOException {
            start += length;
            position = 0;
            length = 0;
            int read = in.read(buffer, 0, buffer.length);
            if (read <= 0) {
                return false;
            }
            length = read;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
