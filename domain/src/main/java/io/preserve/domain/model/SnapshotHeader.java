package io.preserve.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known of a snapshot before its data is written: where it came from and the tables, in write order.
 *
 * @param filters the tables of which only some rows were taken (a category's row filter), by table name
 * @param kind      why it was taken
 * @param selection the names it was taken with ({@code --only}, {@code --skip}, the guide's flags): {@link Selection#ALL}
 *                  for every table of the schema
 * @param label     the name a person gave it ({@code backup --label}), or {@code null}
 * @param sequences where the schema's sequences that no column owns stood (empty for a snapshot older than the field)
 */
public record SnapshotHeader(SnapshotId id, String toolVersion, Instant createdAt, DatabaseInfo source,
                             List<TableSchema> tables, Map<String, TableFilter> filters, SnapshotKind kind,
                             Selection selection, String label, List<SequencePosition> sequences) {
    public SnapshotHeader {
        if (label != null) SnapshotLabel.check(label);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(source, "source");
        tables = List.copyOf(tables);
        filters = Map.copyOf(filters);
        sequences = List.copyOf(sequences);
    }

    public SnapshotHeader(SnapshotId id, String toolVersion, Instant createdAt, DatabaseInfo source,
                          List<TableSchema> tables, Map<String, TableFilter> filters, SnapshotKind kind,
                          Selection selection, String label) {
        this(id, toolVersion, createdAt, source, tables, filters, kind, selection, label, List.of());
    }

    public SnapshotHeader(SnapshotId id, String toolVersion, Instant createdAt, DatabaseInfo source,
                          List<TableSchema> tables, Map<String, TableFilter> filters, SnapshotKind kind,
                          Selection selection) {
        this(id, toolVersion, createdAt, source, tables, filters, kind, selection, null);
    }

    public SnapshotHeader(SnapshotId id, String toolVersion, Instant createdAt, DatabaseInfo source,
                          List<TableSchema> tables, Map<String, TableFilter> filters, SnapshotKind kind) {
        this(id, toolVersion, createdAt, source, tables, filters, kind, Selection.ALL);
    }

    public SnapshotHeader(SnapshotId id, String toolVersion, Instant createdAt, DatabaseInfo source,
                          List<TableSchema> tables, Map<String, TableFilter> filters) {
        this(id, toolVersion, createdAt, source, tables, filters, SnapshotKind.BACKUP);
    }

    public SnapshotHeader(SnapshotId id, String toolVersion, Instant createdAt, DatabaseInfo source,
                          List<TableSchema> tables) {
        this(id, toolVersion, createdAt, source, tables, Map.of());
    }

    /** Whether it holds only some of the schema's tables or rows: taken with --only or --skip. */
    public boolean partial() {
        return !selection.everything();
    }
}
