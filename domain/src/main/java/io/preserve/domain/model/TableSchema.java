package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of one table: the columns whose values are stored (in order), its keys and its foreign keys.
 * Generated columns are named apart: their values are recomputed by the database, never stored.
 */
public record TableSchema(
        TableRef ref,
        List<Column> columns,
        List<String> primaryKey,
        List<List<String>> uniqueKeys,
        List<ForeignKey> foreignKeys,
        List<String> generatedColumns) {

    public TableSchema {
        Objects.requireNonNull(ref, "ref");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
        foreignKeys = List.copyOf(foreignKeys);
        generatedColumns = List.copyOf(generatedColumns);
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
