package io.preserve.adapter.storage;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A snapshot object read by range requests: the footer with one small request from the end, the header and trailer
 * likewise, and the tables, which are read front to back, with requests of growing size (64 KiB doubling to 8 MiB) as
 * long as reads go on where the last stopped. Memory holds no more than a read asks for.
 */
final class S3Source implements SnapshotSource {
    private static final long FIRST_WINDOW = 64 << 10;
    private static final long LARGEST_WINDOW = 8 << 20;

    private final S3Client client;
    private final S3Location store;
    private final String key;
    private final long size;
    private ResponseInputStream<GetObjectResponse> body;
    /** Where the open range request stands, and where it ends (exclusive). */
    private long at;
    private long end;
    private long window = FIRST_WINDOW;

    S3Source(S3Client client, S3Location store, String key, long size) {
        this.client = client;
        this.store = store;
        this.key = key;
        this.size = size;
    }

    @Override
    public String name() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public String location() {
        return store.url(key);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer buffer, long position) throws IOException {
        if (position >= size) return -1;
        if (!buffer.hasRemaining()) return 0;
        if (body == null || position != at || at == end) {
            // going on where the last request ended: ask for more at once; elsewhere: start small again
            window = body != null && position == at && at == end ? Math.min(window * 2, LARGEST_WINDOW) : FIRST_WINDOW;
            open(position, Math.max(window, buffer.remaining()));
        }
        int want = (int) Math.min(buffer.remaining(), end - at);
        int n = body.read(buffer.array(), buffer.arrayOffset() + buffer.position(), want);
        if (n < 0) throw new IOException("the object storage ended the answer early, at byte " + at + " of " + location());
        buffer.position(buffer.position() + n);
        at += n;
        return n;
    }

    private void open(long from, long length) throws IOException {
        close();
        long last = Math.min(size, from + length) - 1;
        try {
            body = client.getObject(b -> b.bucket(store.bucket()).key(key).range("bytes=" + from + "-" + last));
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, location());
        }
        at = from;
        end = last + 1;
    }

    @Override
    public void close() {
        if (body == null) return;
        // an answer not read to its end is dropped, not drained
        if (at < end) body.abort();
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is given up either way
        }
        body = null;
    }
}
