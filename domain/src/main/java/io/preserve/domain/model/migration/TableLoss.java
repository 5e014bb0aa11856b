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
 * @param columns for {@link Reason#COLUMN_VALUES}: the renames whose old column's values the command dropped,
 *                {@code Table.old -> new}
 */
public record TableLoss(String table, long before, long after, Reason reason, List<String> columns) {
    public enum Reason {
        /** It has fewer rows than before. */
        FEWER_ROWS,
        /** It was dropped and created again (a reset, a clean): every row it holds now was written by the command. */
        RECREATED,
        /** It is gone: nothing to restore into (its rows stay in the snapshot). */
        DROPPED,
        /** Its rows are there, but a column renamed as a drop and an add lost its values. */
        COLUMN_VALUES
    }

    public TableLoss {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(reason, "reason");
        columns = List.copyOf(columns);
    }

    public String describe() {
        return switch (reason) {
            case FEWER_ROWS -> table + ": " + rows(before) + " before, " + after + " after";
            case RECREATED -> table + ": dropped and created again (" + rows(before) + " before, " + after + " after, written by the command)";
            case DROPPED -> table + ": dropped (" + rows(before) + " before); its rows stay in the snapshot";
            case COLUMN_VALUES -> table + ": values of " + String.join(", ", columns) + " dropped with the old column";
        };
    }

    private static String rows(long n) {
        return io.preserve.domain.model.Counted.rows(n);
    }
}
