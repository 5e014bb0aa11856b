package io.preserve.domain.model;

import io.preserve.domain.error.InvalidRequest;

import java.util.Map;
import java.util.Optional;

/**
 * What the project says about moving old rows into the schema as it is now, from {@code preserve.yaml}.
 *
 * @param tableRenames  old table name (as in the snapshot) to its name now
 * @param columnRenames {@code OldTable.oldColumn} to the column's name now
 * @param expressions   {@code Table.column} (the table as named now) to an SQL expression over the snapshot row
 *                      that fills the column when the snapshot has no values for it
 * @param uniqueWinners {@code Table} (as named now) to who wins when a restored row clashes with a live row on a
 *                      unique key other than the one that identifies rows
 */
public record RestoreRules(Map<String, String> tableRenames, Map<String, String> columnRenames,
                           Map<String, String> expressions, Map<String, ConflictWinner> uniqueWinners) {
    public static final RestoreRules NONE = new RestoreRules(Map.of(), Map.of(), Map.of(), Map.of());

    /** On a unique-key clash: keep the live row and report the snapshot's (default), or replace the live row. */
    public enum ConflictWinner {
        DATABASE, SNAPSHOT;

        public static ConflictWinner parse(String text) {
            for (ConflictWinner w : values()) if (w.name().equalsIgnoreCase(text)) return w;
            throw new InvalidRequest("unknown winner '" + text + "' (expected database or snapshot)");
        }
    }

    public RestoreRules {
        tableRenames = Map.copyOf(tableRenames);
        columnRenames = Map.copyOf(columnRenames);
        expressions = Map.copyOf(expressions);
        uniqueWinners = Map.copyOf(uniqueWinners);
    }

    /** The name a snapshot table has now. */
    public String tableNow(String snapshotTable) {
        return tableRenames.getOrDefault(snapshotTable, snapshotTable);
    }

    /** The name a snapshot table's column has now, when the project renamed it. */
    public Optional<String> columnNow(String snapshotTable, String column) {
        return Optional.ofNullable(columnRenames.get(snapshotTable + "." + column));
    }

    public ConflictWinner winnerFor(String table) {
        return uniqueWinners.getOrDefault(table, ConflictWinner.DATABASE);
    }
}
