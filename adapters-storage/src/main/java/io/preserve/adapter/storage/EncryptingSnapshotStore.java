package io.preserve.adapter.storage;

import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.SnapshotWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Encryption at rest around any {@link LayeredStore} (a directory, a bucket): new snapshots are written as OpenPGP
 * messages when asked to, and every snapshot that is one is decrypted when read, whatever the setting (a restore needs
 * only what opens it). Names, listing, retention and visibility stay the inner store's: an encrypted snapshot lists
 * with its name and stored size, and nothing else of it can be read without the key.
 */
final class EncryptingSnapshotStore implements SnapshotStorePort, io.preserve.domain.port.out.PinSnapshotPort,
        io.preserve.domain.port.out.DeleteSnapshotPort {
    private final LayeredStore inner;
    private final OpenPgpEnvelope envelope;
    private final boolean encryptNew;

    EncryptingSnapshotStore(LayeredStore inner, OpenPgpEnvelope envelope, boolean encryptNew) {
        this.inner = inner;
        this.envelope = envelope;
        this.encryptNew = encryptNew;
    }

    /** What keeps small files beside the snapshots, sealed as they are when new ones are encrypted. */
    MigrationInfoFile migrationInfo() {
        return new MigrationInfoFile(inner, envelope, encryptNew);
    }

    @Override
    public SnapshotWriter create(SnapshotHeader header) {
        if (!encryptNew) return inner.create(header);
        return inner.create(header, sink -> {
            try {
                return new SealedSink(sink, envelope);
            } catch (IOException e) {
                throw new StorageFailure(sink.partialLocation(), OpenPgpEnvelope.reason(e), e);
            }
        });
    }

    @Override
    public SnapshotReader open(Optional<String> nameOrPath) {
        return inner.open(nameOrPath, source -> encrypted(source) ? DecryptedCopy.of(source, envelope) : source);
    }

    /**
     * Opens of the same encrypted snapshot share one decrypted copy (it is downloaded and decrypted once) until the
     * session closes, which lets the copies go.
     */
    @Override
    public Session session() {
        java.util.Map<String, DecryptedCopy> copies = new java.util.HashMap<>();
        SnapshotStorePort shared = new SnapshotStorePort() {
            @Override
            public SnapshotWriter create(SnapshotHeader header) {
                return EncryptingSnapshotStore.this.create(header);
            }

            @Override
            public List<SnapshotSummary> list() {
                return EncryptingSnapshotStore.this.list();
            }

            @Override
            public List<UnfinishedSnapshot> unfinished() {
                return EncryptingSnapshotStore.this.unfinished();
            }

            @Override
            public List<UnfinishedSnapshot> removeStale() {
                return EncryptingSnapshotStore.this.removeStale();
            }

            @Override
            public String location() {
                return EncryptingSnapshotStore.this.location();
            }

            @Override
            public SnapshotReader open(Optional<String> nameOrPath) {
                return inner.open(nameOrPath, source -> {
                    if (!encrypted(source)) return source;
                    synchronized (copies) {
                        DecryptedCopy copy = copies.get(source.location());
                        if (copy == null) {
                            copy = DecryptedCopy.of(source, envelope);
                            copies.put(source.location(), copy);
                        } else {
                            source.close();
                        }
                        return copy.another();
                    }
                });
            }
        };
        return new Session(shared, () -> {
            synchronized (copies) {
                copies.values().forEach(DecryptedCopy::close);
                copies.clear();
            }
        });
    }

    /** Whether a stored snapshot is an OpenPGP message, by its first bytes. */
    private static boolean encrypted(SnapshotSource source) {
        ByteBuffer head = ByteBuffer.allocate(SnapshotFormat.MAGIC.length);
        try {
            while (head.hasRemaining() && source.read(head, head.position()) > 0) {
                // a short read: ask again from where it stopped
            }
        } catch (IOException e) {
            source.close();
            throw new StorageFailure(source.location(), SnapshotFileWriter.describe(e), e);
        }
        return OpenPgpEnvelope.looksEncrypted(java.util.Arrays.copyOf(head.array(), head.position()));
    }

    @Override
    public List<SnapshotSummary> list() {
        return inner.list();
    }

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public void setPinned(io.preserve.domain.model.SnapshotId id, boolean pinned) {
        inner.setPinned(id, pinned);
    }

    @Override
    public void delete(io.preserve.domain.model.SnapshotId id) {
        inner.delete(id);
    }

    @Override
    public List<UnfinishedSnapshot> unfinished() {
        return inner.unfinished();
    }

    @Override
    public List<UnfinishedSnapshot> removeStale() {
        return inner.removeStale();
    }
}
