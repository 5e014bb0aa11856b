package io.preserve.domain.model;

import java.util.Objects;

/**
 * Which rows of a table a category holds: those matching an SQL condition on the table's own columns
 * ({@code role = 'ADMIN'}), or those that reference, by foreign key, the rows a category holds of another table
 * ({@code via: User}: the permissions of the admin users). Conditions come from the project's own configuration
 * file only, never from remote input.
 *
 * @param where a condition on the table's columns, or {@code null}
 * @param via   a table whose selected rows these rows reference, or {@code null}
 */
public record RowFilter(String where, String via) {
    public RowFilter {
        if ((where == null) == (via == null)) {
            throw new IllegalArgumentException("a row filter is either a condition or a parent table");
        }
        if (where != null && where.isBlank()) throw new IllegalArgumentException("an empty condition");
    }

    public static RowFilter where(String condition) {
        return new RowFilter(Objects.requireNonNull(condition), null);
    }

    public static RowFilter via(String parent) {
        return new RowFilter(null, Objects.requireNonNull(parent));
    }

    public String describe() {
        return where != null ? "where " + where : "rows referencing the selected " + via + " rows";
    }
}
