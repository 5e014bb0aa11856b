package io.preserve.domain.model;

/**
 * The rows of one table a backup or a restore takes, resolved from a category's {@link RowFilter}: a condition on
 * the table's columns, or the rows that reference (by foreign key) the rows of another table that match that
 * table's own filter, or everything but those ({@code --skip} of a filtered category).
 *
 * @param where     a condition on the table's columns, or {@code null}
 * @param via       the parent table (as named in the database now) whose rows are referenced, or {@code null}
 * @param viaFilter which parent rows count; {@code null} for all of them
 * @param negated   the rows that do not match
 * @param category  the category that defines the filter, for messages
 */
public record TableFilter(String where, String via, TableFilter viaFilter, boolean negated, String category) {
    public TableFilter {
        if ((where == null) == (via == null)) throw new IllegalArgumentException("a condition or a parent table");
    }

    public TableFilter negate() {
        return new TableFilter(where, via, viaFilter, !negated, category);
    }

    public String describe() {
        String rule = where != null ? where
                : "references " + via + (viaFilter == null ? "" : " rows where " + viaFilter.describe());
        return negated ? "not (" + rule + ")" : rule;
    }
}
