package io.preserve.adapter.storage;

import io.preserve.domain.port.out.SnapshotStorePort;

import java.nio.file.Path;
import java.time.Clock;

/** Where snapshots can be kept. */
public final class SnapshotStores {
    private SnapshotStores() {
    }

    /** A local directory, created 0700 on first backup. */
    public static SnapshotStorePort local(Path directory, Clock clock) {
        return new LocalSnapshotStore(directory, SnapshotFormat.DEFAULT_ZSTD_LEVEL, clock);
    }

    /**
     * {@code store} with encryption at rest: new snapshots encrypted (OpenPGP) when {@code encryption} says so, and any
     * encrypted snapshot decrypted on reading with what it gives (passphrase, secret key). Key files are read now.
     */
    public static SnapshotStorePort encrypting(SnapshotStorePort store, Encryption encryption) {
        if (!(store instanceof LayeredStore layered)) {
            throw new IllegalArgumentException("only the stores made here can be encrypted");
        }
        return new EncryptingSnapshotStore(layered, OpenPgpEnvelope.of(encryption), encryption.encryptNew());
    }

    /** Objects under {@code s3://bucket/prefix/} (AWS S3, Cloudflare R2, MinIO, ...); the bucket must exist. */
    public static SnapshotStorePort s3(S3Location location, S3Settings settings, Clock clock) {
        return new S3SnapshotStore(S3Clients.create(settings), location, SnapshotFormat.DEFAULT_ZSTD_LEVEL, S3Upload.PART_BYTES, clock);
    }

    /** As {@link #s3(S3Location, S3Settings, Clock)}, uploading in parts of {@code partBytes} (5 MiB at least, as S3 requires). */
    public static SnapshotStorePort s3(S3Location location, S3Settings settings, int partBytes, Clock clock) {
        if (partBytes < 5 << 20) throw new IllegalArgumentException("S3 parts are 5 MiB at least");
        return new S3SnapshotStore(S3Clients.create(settings), location, SnapshotFormat.DEFAULT_ZSTD_LEVEL, partBytes, clock);
    }

    /** A store's snapshots as bytes, unchanged (encrypted ones stay encrypted), for copying between stores. */
    public static io.preserve.domain.port.out.CopySnapshotPort bytesOf(SnapshotStorePort store) {
        if (store instanceof LayeredStore layered) return layered;
        throw new IllegalArgumentException("only the stores made here hold snapshots as bytes");
    }

    /** Pins kept in {@code store}, beside its snapshots (a file, an object). */
    public static io.preserve.domain.port.out.PinSnapshotPort pins(SnapshotStorePort store) {
        if (store instanceof io.preserve.domain.port.out.PinSnapshotPort pins) return pins;
        throw new IllegalArgumentException("only the stores made here keep pins");
    }

    /** Deletes snapshots from {@code store}, with what is kept beside them: their pins and their migration info. */
    public static io.preserve.domain.port.out.DeleteSnapshotPort deletions(SnapshotStorePort store) {
        if (store instanceof io.preserve.domain.port.out.DeleteSnapshotPort deletions) return deletions;
        throw new IllegalArgumentException("only the stores made here delete snapshots");
    }

    /** A local directory, compressing at the given zstd level (1 fastest .. 19 smallest). */
    public static SnapshotStorePort local(Path directory, int zstdLevel, Clock clock) {
        if (zstdLevel < 1 || zstdLevel > 19) throw new IllegalArgumentException("zstd level must be 1..19");
        return new LocalSnapshotStore(directory, zstdLevel, clock);
    }
}
