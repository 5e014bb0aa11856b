package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * One table of a snapshot compared with the live table of the same name: rows only in the snapshot (lost since), only
 * in the database (new since), and, where rows have a key, changed (the same key, other values), with sample keys.
 *
 * @param key            the key rows were matched on (the primary key, else a unique key of NOT NULL columns); empty
 *                       when the table has none: rows are then compared whole, as a multiset, and {@code changed} is -1
 * @param databaseRows   -1 when the database has no such table
 * @param notes          what was not compared and why (columns dropped or added since), in words
 */
public record TableDiff(TableRef table, List<String> key, long snapshotRows, long databaseRows, long onlyInSnapshot,
                        long onlyInDatabase, long changed, Samples samples, List<String> notes) {
    public TableDiff {
        Objects.requireNonNull(table, "table");
        key = List.copyOf(key);
        notes = List.copyOf(notes);
    }

    /** A few of each, as {@code column=value} keys (whole rows for a table without a key), ordered. */
    public record Samples(List<String> onlyInSnapshot, List<String> onlyInDatabase, List<String> changed) {
        public static final Samples NONE = new Samples(List.of(), List.of(), List.of());

        public Samples {
            onlyInSnapshot = List.copyOf(onlyInSnapshot);
            onlyInDatabase = List.copyOf(onlyInDatabase);
            changed = List.copyOf(changed);
        }
    }

    /** The table is not in the database: every snapshot row is lost. */
    public static TableDiff missing(TableRef table, long snapshotRows) {
        return new TableDiff(table, List.of(), snapshotRows, -1, snapshotRows, 0, -1, Samples.NONE,
                List.of("the database has no table " + table.name()));
    }

    public boolean inDatabase() {
        return databaseRows >= 0;
    }

    /** Whether the live table holds exactly the snapshot's rows (in the columns compared). */
    public boolean same() {
        return inDatabase() && onlyInSnapshot == 0 && onlyInDatabase == 0 && changed <= 0;
    }
}
