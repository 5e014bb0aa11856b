package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * How one snapshot table goes back into its live table.
 *
 * @param columns     one mapping per snapshot column, in the snapshot's column order
 * @param conflictKey the live columns that identify a row (primary key, else a unique key of NOT NULL columns);
 *                    empty when the table has neither, and then whole rows are compared
 * @param notes       what differs between the snapshot and the live table, in words
 * @param rows        how many rows the snapshot holds for the table
 * @param fills       new live columns filled with a given value
 * @param missingValue a new live column that is NOT NULL without a default and without a given value: no row can
 *                    go in, and every row is skipped naming it; {@code null} when there is none
 */
public record TablePlan(TableRef source, TableRef target, List<ColumnMapping> columns, List<String> conflictKey,
                        RestoreMode mode, List<String> notes, long rows, List<ColumnFill> fills, String missingValue) {
    public TablePlan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        columns = List.copyOf(columns);
        conflictKey = List.copyOf(conflictKey);
        notes = List.copyOf(notes);
        fills = List.copyOf(fills);
    }

    /** Every column goes to a live column of the same name and type. */
    public boolean sameShape() {
        return columns.stream().allMatch(c -> c.restored() && c.identical()) && fills.isEmpty() && missingValue == null;
    }
}
