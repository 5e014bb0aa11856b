package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * How one snapshot table goes back into its live table.
 *
 * @param target       the live table: the same name, or the name a rename gave it
 * @param columns      one mapping per snapshot column, in the snapshot's column order
 * @param conflictKey  the live columns that identify a row (primary key, else a unique key of NOT NULL columns);
 *                     empty when the table has neither, and then whole rows are compared
 * @param mode         how the rows meet the rows already there
 * @param notes        what differs between the snapshot and the live table, in words
 * @param rows         how many rows the snapshot holds for the table
 * @param fills        new live columns filled with a given value or expression
 * @param missingValues the new live columns that are NOT NULL without a default and without a given value: no row
 *                     can go in, and every row is skipped naming them; empty when there is none
 * @param otherKeys    the live table's other unique keys (live column names), on which a restored row may clash
 *                     with a live row that has another key
 * @param winner       who wins such a clash
 * @param filter       which of the snapshot's rows to restore (and, in {@code replace} mode, which live rows to
 *                     delete first); {@code null} for all
 * @param held         which of the rows not restored are held back as parents that restored rows may need
 *                     ({@code --with-parents}): those go in after all, the others are left out
 * @param toCheck      the live table's rules that the snapshot's rows are not known to meet (added since the
 *                     snapshot, or a trigger): the rows are checked against them, and those that break one are
 *                     skipped and named, before anything is written
 */
public record TablePlan(TableRef source, TableRef target, List<ColumnMapping> columns, List<String> conflictKey,
                        RestoreMode mode, List<String> notes, long rows, List<ColumnFill> fills, List<String> missingValues,
                        List<List<String>> otherKeys, RestoreRules.ConflictWinner winner, TableFilter filter,
                        Held held, List<Constraint> toCheck) {

    /** Rows held back as parents ({@code --with-parents}). */
    public enum Held {
        /** None: the rows the plan does not restore are left out. */
        NONE,
        /** All: the table was not selected; only the rows that restored rows reference go in. */
        ALL,
        /** The rows the row filter leaves out: those that restored rows reference go in all the same. */
        FILTERED_OUT
    }

    public TablePlan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(held, "held");
        columns = List.copyOf(columns);
        conflictKey = List.copyOf(conflictKey);
        notes = List.copyOf(notes);
        fills = List.copyOf(fills);
        otherKeys = otherKeys.stream().map(List::copyOf).toList();
        toCheck = List.copyOf(toCheck);
        missingValues = List.copyOf(missingValues);
    }

    /** Every column goes to a live column of the same type, nothing is added, every row is taken. */
    public boolean sameShape() {
        return columns.stream().allMatch(ColumnMapping::identical) && fills.isEmpty() && missingValues.isEmpty()
                && filter == null && held == Held.NONE;
    }

    /**
     * The live table provably accepts every snapshot row as it is: the same shape, no column that refuses NULL where
     * the snapshot's took it, and no rule the snapshot's table did not have. Only then may rows go in without a look.
     */
    public boolean acceptsRowsAsTheyAre() {
        return sameShape() && toCheck.isEmpty() && columns.stream().noneMatch(ColumnMapping::tightened);
    }

    /** The same plan, holding back rows as parents that restored rows may need. */
    public TablePlan holding(Held rows, String note) {
        var more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new TablePlan(source, target, columns, conflictKey, mode, more, this.rows, fills, missingValues, otherKeys,
                winner, filter, rows, toCheck);
    }

    /** The same plan with one more note. */
    public TablePlan noting(String note) {
        var more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new TablePlan(source, target, columns, conflictKey, mode, more, rows, fills, missingValues, otherKeys,
                winner, filter, held, toCheck);
    }

    /** The snapshot column whose values go to a live column, if any does. */
    public java.util.Optional<ColumnMapping> mappingTo(String liveColumn) {
        return columns.stream().filter(c -> liveColumn.equals(c.target())).findFirst();
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * An expression over the row's own key that PostgreSQL and MySQL read alike ({@code CONCAT} of text and a number),
     * where the key is one column whose name needs no quotes; else only the advice.
     */
    public static String perRowExample(String key, String column, List<String> primaryKey) {
        if (primaryKey.size() != 1 || !PLAIN.matcher(primaryKey.get(0)).matches() || column.contains("'")) {
            return ", one over the row's own key";
        }
        return ", one over the row's own key, e.g. " + key + ": \"CONCAT('" + column + "-', " + primaryKey.get(0) + ")\"";
    }
}
