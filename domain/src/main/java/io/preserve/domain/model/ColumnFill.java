package io.preserve.domain.model;

/** A live column the snapshot has no values for, filled with a value given for it ({@code --default T.c=VALUE}). */
public record ColumnFill(String column, String type, String value) {
}
