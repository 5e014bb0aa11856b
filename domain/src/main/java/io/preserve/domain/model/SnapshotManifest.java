package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A complete snapshot's description: its header and, for each table, the data it holds. */
public record SnapshotManifest(int formatVersion, SnapshotHeader header, List<Entry> tables) {

    /** One table of the snapshot. */
    public record Entry(TableSchema schema, TableData data) {
        public TableRef ref() {
            return schema.ref();
        }
    }

    public SnapshotManifest {
        Objects.requireNonNull(header, "header");
        tables = List.copyOf(tables);
    }

    public SnapshotId id() {
        return header.id();
    }

    public Optional<Entry> table(TableRef ref) {
        return tables.stream().filter(e -> e.ref().equals(ref)).findFirst();
    }

    public long totalRows() {
        return tables.stream().mapToLong(e -> e.data().rows()).sum();
    }
}
