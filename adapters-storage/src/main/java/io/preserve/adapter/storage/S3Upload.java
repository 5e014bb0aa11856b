package io.preserve.adapter.storage;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot on its way into object storage: a multipart upload of parts of a bounded size (memory holds one part),
 * completed on commit, which is when the object, and so the snapshot, comes to exist; aborted otherwise, leaving no
 * object. A snapshot that fits in one part is one plain upload at commit.
 */
final class S3Upload implements SnapshotSink {
    /** S3 takes at most 10,000 parts: 10 MiB parts allow snapshots of up to 100 GB (98 GiB). */
    static final int PART_BYTES = 10 << 20;

    private final S3Client client;
    private final S3Location store;
    private final String key;
    private final byte[] part;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final OutputStream stream = new PartStream();
    private int filled;
    private long total;
    private String uploadId;
    private boolean done;

    S3Upload(S3Client client, S3Location store, String key, int partBytes) {
        this.client = client;
        this.store = store;
        this.key = key;
        this.part = new byte[partBytes];
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public long commit() {
        try {
            if (uploadId == null) {
                client.putObject(b -> b.bucket(store.bucket()).key(key).contentLength((long) filled),
                        RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, filled), filled));
            } else {
                if (filled > 0) sendPart();
                client.completeMultipartUpload(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            }
            done = true;
            return total;
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, location());
        }
    }

    @Override
    public void abort() {
        if (done || uploadId == null) return;
        try {
            client.abortMultipartUpload(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId));
            done = true;
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, partialLocation());
        }
    }

    @Override
    public String location() {
        return store.url(key);
    }

    @Override
    public String partialLocation() {
        return location() + " (unfinished upload)";
    }

    private void sendPart() {
        if (uploadId == null) {
            uploadId = client.createMultipartUpload(b -> b.bucket(store.bucket()).key(key)).uploadId();
        }
        int number = parts.size() + 1;
        String etag = client.uploadPart(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) filled),
                RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, filled), filled)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** Fills the part; a full part goes out before the next byte comes in. */
    private final class PartStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                while (len > 0) {
                    if (filled == part.length) sendPart();
                    int n = Math.min(len, part.length - filled);
                    System.arraycopy(b, off, part, filled, n);
                    filled += n;
                    total += n;
                    off += n;
                    len -= n;
                }
            } catch (SdkException e) {
                throw S3Errors.translate(e, store, partialLocation());
            }
        }
    }
}
