package io.preserve.domain.model.migration;

import java.util.List;
import java.util.Objects;

/**
 * A table that lost data while a guarded command ran.
 *
 * @param table   its name now
 * @param before  its rows before
 * @param after   its rows after ({@code -1} when it is gone)
 * @param reason  how it lost them
 * @param columns the renames whose old column's values the command dropped, {@code Table.old -> new}: they go back
 *                into the new column
 * @param dropped the columns the command dropped with their values, that nothing names as renamed ({@code Table.column}):
 *                there is no column to put them back into (they stay in the snapshot)
 * @param looksRenamed of {@code dropped}, those the plan would take for renamed ({@code Table.old} to the new column's
 *                name): {@code --accept-renames} or {@code renames:} would bring their values back
 */
public record TableLoss(String table, long before, long after, Reason reason, List<String> columns, List<String> dropped,
                        java.util.Map<String, String> looksRenamed) {
    public TableLoss(String table, long before, long after, Reason reason, List<String> columns) {
        this(table, before, after, reason, columns, List.of(), java.util.Map.of());
    }

    public enum Reason {
        /** It has fewer rows than before. */
        FEWER_ROWS,
        /** It was dropped and created again (a reset, a clean): every row it holds now was written by the command. */
        RECREATED,
        /** It is gone: nothing to restore into (its rows stay in the snapshot). */
        DROPPED,
        /** Its rows are there, but a column renamed as a drop and an add lost its values. */
        COLUMN_VALUES,
        /** Its rows are there, but columns were dropped with their values, and nothing names them as renamed. */
        COLUMNS_DROPPED
    }

    public TableLoss {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(reason, "reason");
        columns = List.copyOf(columns);
        dropped = List.copyOf(dropped);
        looksRenamed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(looksRenamed));
    }

    public String describe() {
        String also = dropped.isEmpty() || reason == Reason.COLUMNS_DROPPED ? "" : "; " + droppedColumns();
        return describeReason() + also;
    }

    /** The dropped columns, and what would bring back those that look renamed. */
    private String droppedColumns() {
        StringBuilder out = new StringBuilder("values of ").append(String.join(", ", dropped))
                .append(" dropped with the column").append(dropped.size() == 1 ? "" : "s").append(" (they stay in the snapshot)");
        looksRenamed.forEach((from, to) -> out.append("; ").append(from).append(" looks renamed to ").append(to));
        return out.toString();
    }

    private String describeReason() {
        return switch (reason) {
            case FEWER_ROWS -> table + ": " + rows(before) + " before, " + after + " after";
            case RECREATED -> table + ": dropped and created again (" + rows(before) + " before, " + after + " after, written by the command)";
            case DROPPED -> table + ": dropped (" + rows(before) + " before); its rows stay in the snapshot";
            case COLUMN_VALUES -> table + ": values of " + String.join(", ", columns) + " dropped with the old column";
            case COLUMNS_DROPPED -> table + ": " + droppedColumns();
        };
    }

    private static String rows(long n) {
        return io.preserve.domain.model.Counted.rows(n);
    }
}
