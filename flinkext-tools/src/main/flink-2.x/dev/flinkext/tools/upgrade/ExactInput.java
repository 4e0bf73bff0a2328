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
package dev.flinkext.tools.upgrade;

import dev.flinkext.shaded.kryo2.com.esotericsoftware.kryo.KryoException;
import dev.flinkext.shaded.kryo2.com.esotericsoftware.kryo.io.Input;

import org.apache.flink.annotation.Internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Flink 2.x only. A Kryo 2 input that reads from its stream only the bytes a value needs, as Flink
 * 1.x's {@code NoFetchingInput} does: Kryo's own input fills its buffer ahead, which would swallow
 * the bytes of whatever follows a value in a stream (the next field of a POJO, the next list
 * element).
 */
@Internal
final class ExactInput extends Input {

    ExactInput(InputStream in) {
        super(in, 8);
    }

    @Override
    public boolean eof() {
        throw new UnsupportedOperationException("an exact input cannot look ahead for the end");
    }

    @Override
    public boolean canReadInt() {
        return false;
    }

    @Override
    public boolean canReadLong() {
        return false;
    }

    @Override
    public int read() {
        require(1);
        return buffer[position++] & 0xFF;
    }

    /** Reads exactly {@code required} bytes into the buffer, and not one more. */
    @Override
    protected int require(int required) {
        if (required > capacity) {
            throw new KryoException(
                    "Buffer too small: capacity: " + capacity + ", required: " + required);
        }
        position = 0;
        int read = 0;
        while (read < required) {
            int count = fill(buffer, read, required - read);
            if (count == -1) {
                throw new KryoException(new EOFException("no more bytes left"));
            }
            read += count;
        }
        limit = required;
        return required;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes cannot be null");
        }
        try {
            return inputStream.read(bytes, offset, count);
        } catch (IOException e) {
            throw new KryoException(e);
        }
    }

    @Override
    public void skip(int count) {
        try {
            inputStream.skipNBytes(count);
        } catch (IOException e) {
            throw new KryoException(e);
        }
    }

    @Override
    public void readBytes(byte[] bytes, int offset, int count) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes cannot be null");
        }
        try {
            int read = 0;
            while (read < count) {
                int n = inputStream.read(bytes, offset + read, count - read);
                if (n == -1) {
                    throw new KryoException(new EOFException("no more bytes left"));
                }
                read += n;
            }
        } catch (IOException e) {
            throw new KryoException(e);
        }
    }
}
