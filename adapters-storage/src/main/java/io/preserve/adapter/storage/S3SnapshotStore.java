package io.preserve.adapter.storage;

import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.out.SnapshotWriter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Snapshots as objects under {@code s3://bucket/prefix/}, named as in a directory
 * ({@code backup-YYYY-MM-DDTHH-MM-SS-sssZ.preserve}). An object exists only once its upload completed, so an object of
 * that name is a complete snapshot; an interrupted backup leaves at most an unfinished multipart upload, which lists as
 * no snapshot and is aborted by a later backup once it is a day old (nothing can tell whether a younger one is still being
 * written). Listing reads the bucket's listing only, no object.
 */
final class S3SnapshotStore implements LayeredStore {
    /** An unfinished upload older than this is taken to be left by an interrupted backup. */
    static final Duration STALE_AFTER = Duration.ofHours(24);

    private final S3Client client;
    private final S3Location store;
    private final int zstdLevel;
    private final int partBytes;
    private final Clock clock;

    S3SnapshotStore(S3Client client, S3Location store, int zstdLevel, int partBytes, Clock clock) {
        this.client = client;
        this.store = store;
        this.zstdLevel = zstdLevel;
        this.partBytes = partBytes;
        this.clock = clock;
    }

    @Override
    public SnapshotWriter create(SnapshotHeader header, UnaryOperator<SnapshotSink> layer) {
        return new SnapshotFileWriter(layer.apply(createStored(header.id(), header)), header, zstdLevel, clock);
    }

    @Override
    public SnapshotSink createStored(SnapshotId id, SnapshotHeader header) {
        return new S3Upload(client, store, store.key(id.value() + SnapshotFormat.EXTENSION), partBytes);
    }

    @Override
    public List<SnapshotSummary> list() {
        List<S3Object> objects = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(store.prefix())).contents()) {
                objects.add(object);
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, store.toString());
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (S3Object object : objects) keys.add(object.key());
        List<SnapshotSummary> found = new ArrayList<>();
        for (S3Object object : objects) {
            snapshotName(object.key()).ifPresent(id -> found.add(SnapshotSummary.stored(id, store.url(object.key()), object.size(),
                    keys.contains(store.key(id.value() + SnapshotFormat.PIN_SUFFIX)))));
        }
        found.sort(Comparator.comparing(SnapshotSummary::id).reversed());
        return found;
    }

    /** The snapshot an object holds, if its key is a snapshot's name right under the prefix. */
    private Optional<SnapshotId> snapshotName(String key) {
        if (!key.startsWith(store.prefix())) return Optional.empty();
        String name = key.substring(store.prefix().length());
        if (name.length() != SnapshotId.LENGTH + SnapshotFormat.EXTENSION.length() || !name.endsWith(SnapshotFormat.EXTENSION)) {
            return Optional.empty();
        }
        return SnapshotId.prefixOf(name);
    }

    @Override
    public String location() {
        return store.toString();
    }

    /** A pin is the object {@code prefix/NAME.pinned} beside the snapshot's. */
    @Override
    public void setPinned(SnapshotId id, boolean pinned) {
        String key = store.key(id.value() + SnapshotFormat.PIN_SUFFIX);
        try {
            if (pinned) {
                client.putObject(b -> b.bucket(store.bucket()).key(key).contentType("application/json"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("{\"snapshot\": \"" + id.value()
                                + "\", \"pinnedAt\": \"" + clock.instant() + "\"}\n"));
            } else {
                client.deleteObject(b -> b.bucket(store.bucket()).key(key));
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, store.url(key));
        }
    }

    /** An object of its own, {@code prefix/NAME + suffix}: a put is complete or not there. */
    @Override
    public String writeBeside(SnapshotId id, String suffix, byte[] content) {
        String key = store.key(id.value() + suffix);
        try {
            client.putObject(b -> b.bucket(store.bucket()).key(key), software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
            return store.url(key);
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, store.url(key));
        }
    }

    @Override
    public Optional<Beside> readBeside(SnapshotId id, String suffix) {
        String key = store.key(id.value() + suffix);
        try {
            return Optional.of(new Beside(store.url(key), client.getObjectAsBytes(b -> b.bucket(store.bucket()).key(key)).asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, store.url(key));
        }
    }

    /** Deletes the snapshot's object, then its pin's and its migration info's. */
    @Override
    public void delete(SnapshotId id) {
        String key = store.key(id.value() + SnapshotFormat.EXTENSION);
        try {
            client.deleteObject(b -> b.bucket(store.bucket()).key(key));
            for (String suffix : SnapshotFormat.BESIDE_SUFFIXES) {
                client.deleteObject(b -> b.bucket(store.bucket()).key(store.key(id.value() + suffix)));
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, store.url(key));
        }
    }

    @Override
    public List<UnfinishedSnapshot> unfinished() {
        Instant now = clock.instant();
        return uploads().stream().map(u -> new UnfinishedSnapshot(store.url(u.key()) + " (upload " + u.uploadId() + ")", 0,
                u.initiated().isAfter(now.minus(STALE_AFTER)))).toList();
    }

    @Override
    public List<UnfinishedSnapshot> removeStale() {
        Instant cutoff = clock.instant().minus(STALE_AFTER);
        List<UnfinishedSnapshot> removed = new ArrayList<>();
        for (MultipartUpload upload : uploads()) {
            if (upload.initiated().isAfter(cutoff)) continue;
            try {
                client.abortMultipartUpload(b -> b.bucket(store.bucket()).key(upload.key()).uploadId(upload.uploadId()));
            } catch (SdkException e) {
                throw S3Errors.translate(e, store, store.url(upload.key()));
            }
            removed.add(new UnfinishedSnapshot(store.url(upload.key()) + " (upload " + upload.uploadId() + ")", 0, false));
        }
        return removed;
    }

    /** The unfinished uploads of snapshot objects under the prefix. */
    private List<MultipartUpload> uploads() {
        try {
            List<MultipartUpload> uploads = new ArrayList<>();
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(b -> b.bucket(store.bucket()).prefix(store.prefix())).uploads()) {
                if (snapshotName(upload.key()).isPresent()) uploads.add(upload);
            }
            return uploads;
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, store.toString());
        }
    }

    @Override
    public SnapshotSource openStored(Optional<String> nameOrUrl) {
        String key;
        if (nameOrUrl.isEmpty()) {
            List<SnapshotSummary> all = list();
            if (all.isEmpty()) throw new NoSnapshots(store.toString());
            key = store.key(all.get(0).id().value() + SnapshotFormat.EXTENSION);
        } else {
            key = keyOf(nameOrUrl.get());
        }
        HeadObjectResponse head;
        try {
            head = client.headObject(b -> b.bucket(store.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            // a HEAD has no body to name the error: a missing bucket shows as a missing key
            bucketExists();
            throw new SnapshotNotFound(nameOrUrl.orElse(key), store.toString());
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
                bucketExists();
                throw new SnapshotNotFound(nameOrUrl.orElse(key), store.toString());
            }
            throw S3Errors.translate(e, store, store.url(key));
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, store.url(key));
        }
        return new S3Source(client, store, key, head.contentLength());
    }

    /** Throws the store's own error when the bucket is not there. */
    private void bucketExists() {
        try {
            client.headBucket(b -> b.bucket(store.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new io.preserve.domain.error.StoreNotFound(store.toString(), "the bucket " + store.bucket()
                        + " does not exist (preserve never creates buckets: create it, or check the name and the endpoint)");
            }
            throw S3Errors.translate(e, store, store.toString());
        } catch (SdkException e) {
            throw S3Errors.translate(e, store, store.toString());
        }
    }

    /** A snapshot's name (with or without {@code .preserve}) under the prefix, or an {@code s3://} URL in this bucket. */
    private String keyOf(String nameOrUrl) {
        if (S3Location.isS3(nameOrUrl)) {
            String prefix = "s3://" + store.bucket() + "/";
            if (!nameOrUrl.startsWith(prefix) || nameOrUrl.length() == prefix.length()) {
                throw new io.preserve.domain.error.InvalidRequest("--file " + nameOrUrl + ": not an object of " + store);
            }
            return nameOrUrl.substring(prefix.length());
        }
        if (nameOrUrl.contains("/")) throw new SnapshotNotFound(nameOrUrl, store.toString());
        return store.key(nameOrUrl.endsWith(SnapshotFormat.EXTENSION) ? nameOrUrl : nameOrUrl + SnapshotFormat.EXTENSION);
    }
}
