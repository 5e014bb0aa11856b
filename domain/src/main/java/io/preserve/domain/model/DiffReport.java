package io.preserve.domain.model;

import java.util.List;

/** A snapshot compared with the live database, table by table in the snapshot's order. */
public record DiffReport(SnapshotId snapshot, List<TableDiff> tables) {
    public DiffReport {
        tables = List.copyOf(tables);
    }

    public long onlyInSnapshot() {
        return tables.stream().mapToLong(TableDiff::onlyInSnapshot).sum();
    }

    public long onlyInDatabase() {
        return tables.stream().mapToLong(TableDiff::onlyInDatabase).sum();
    }

    public long changed() {
        return tables.stream().mapToLong(t -> Math.max(0, t.changed())).sum();
    }
}
