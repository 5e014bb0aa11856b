package io.preserve.domain.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot's bytes as a store keeps them (an encrypted one stays encrypted), to copy it to another store.
 *
 * @param location where it is, for messages
 * @param beside   the small files the store keeps beside it (a pre-migration snapshot's migration info, sealed or not),
 *                 by the suffix of their name, as stored: they go where it goes
 */
public record StoredSnapshot(SnapshotId id, String location, long sizeBytes, InputStream bytes, Map<String, byte[]> beside)
        implements AutoCloseable {
    public StoredSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bytes, "bytes");
        beside = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(beside));
    }

    public StoredSnapshot(SnapshotId id, String location, long sizeBytes, InputStream bytes) {
        this(id, location, sizeBytes, bytes, Map.of());
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
