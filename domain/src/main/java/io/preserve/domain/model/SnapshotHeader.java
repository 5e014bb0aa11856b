package io.preserve.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What is known of a snapshot before its data is written: where it came from and the tables, in write order. */
public record SnapshotHeader(SnapshotId id, String toolVersion, Instant createdAt, DatabaseInfo source,
                             List<TableSchema> tables) {
    public SnapshotHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(source, "source");
        tables = List.copyOf(tables);
    }
}
