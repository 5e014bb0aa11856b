package io.preserve.domain.model;

import java.util.Objects;

/**
 * A live column the snapshot has no values for, filled for every restored row.
 *
 * @param value      a literal value ({@code --default T.c=VALUE}), or, when {@code expression} is true, an SQL
 *                   expression over the snapshot row's columns (from the project's own {@code preserve.yaml} only)
 */
public record ColumnFill(String column, String type, String value, boolean expression) {
    public ColumnFill {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public ColumnFill(String column, String type, String value) {
        this(column, type, value, false);
    }
}
