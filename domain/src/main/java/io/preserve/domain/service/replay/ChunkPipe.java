package io.preserve.domain.service.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pipe from one thread to another in chunks of 64 KiB, at most 16 of them in flight (1 MiB): the writer waits when
 * the reader is behind, the reader when the writer is. Unlike {@link java.io.PipedInputStream}, neither side polls:
 * each wakes as soon as the other has done its part. Closing the reading side makes the writer's next write fail.
 */
final class ChunkPipe {
    private static final int CHUNK = 1 << 16;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
    private volatile boolean readerClosed;

    final OutputStream out = new OutputStream() {
        private byte[] buffer = new byte[CHUNK];
        private int filled;

        @Override
        public void write(int b) throws IOException {
            if (filled == buffer.length) send();
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == buffer.length) send();
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void send() throws IOException {
            if (filled == 0) return;
            byte[] chunk = filled == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, filled);
            put(chunk);
            buffer = new byte[CHUNK];
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            send();
            put(END);
        }
    };

    private void put(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (readerClosed) throw new IOException("the reader stopped reading");
            }
            if (readerClosed) throw new IOException("the reader stopped reading");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    final InputStream in = new InputStream() {
        private byte[] chunk;
        private int at;
        private boolean ended;

        private boolean fill() throws IOException {
            if (ended) return false;
            while (chunk == null || at == chunk.length) {
                try {
                    chunk = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                at = 0;
                if (chunk == END) {
                    ended = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public void close() {
            readerClosed = true;
            chunks.clear();
        }
    };
}
