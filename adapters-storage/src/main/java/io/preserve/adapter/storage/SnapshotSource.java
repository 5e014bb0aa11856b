package io.preserve.adapter.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The bytes of one stored snapshot, read at any position (a file, an object read by range requests, a decrypted copy).
 * The reader takes the footer from the end and each table from its offset.
 */
interface SnapshotSource extends Closeable {
    /** The snapshot's file or object name, as messages name it. */
    String name();

    /** Where it is (a path, a URL). */
    String location();

    long size() throws IOException;

    /** Reads into {@code buffer} from {@code position} on, as {@link java.nio.channels.FileChannel#read(ByteBuffer, long)}. */
    int read(ByteBuffer buffer, long position) throws IOException;

    @Override
    void close();

    /** The bytes front to back, as one stream (read once, e.g. to decrypt them). */
    default InputStream stream() {
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                int n = SnapshotSource.this.read(ByteBuffer.wrap(b, off, len), position);
                if (n > 0) position += n;
                return n;
            }
        };
    }
}
