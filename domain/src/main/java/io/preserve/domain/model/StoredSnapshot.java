package io.preserve.domain.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A snapshot's bytes as a store keeps them (an encrypted one stays encrypted), to copy it to another store.
 *
 * @param location where it is, for messages
 */
public record StoredSnapshot(SnapshotId id, String location, long sizeBytes, InputStream bytes) implements AutoCloseable {
    public StoredSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public void close() {
        try {
            bytes.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
