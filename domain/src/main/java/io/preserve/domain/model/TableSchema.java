package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape of one table: the columns whose values are stored (in order), its keys and its foreign keys.
 * Generated columns are named apart: their values are recomputed by the database, never stored.
 *
 * @param uniqueKeys  unique keys over plain columns (no predicate, no expression), which can identify a row
 * @param constraints every rule the table applies to a row beyond column types, NOT NULL and foreign keys
 *                    (checks, unique indexes of every kind, exclusion constraints, row triggers on insert); {@code null}
 *                    when not known (a snapshot written before they were recorded)
 */
public record TableSchema(
        TableRef ref,
        List<Column> columns,
        List<String> primaryKey,
        List<List<String>> uniqueKeys,
        List<ForeignKey> foreignKeys,
        List<String> generatedColumns,
        List<Constraint> constraints) {

    public TableSchema {
        Objects.requireNonNull(ref, "ref");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
        foreignKeys = List.copyOf(foreignKeys);
        generatedColumns = List.copyOf(generatedColumns);
        constraints = constraints == null ? null : List.copyOf(constraints);
    }

    /** A table with no rules beyond its columns and keys. */
    public TableSchema(TableRef ref, List<Column> columns, List<String> primaryKey, List<List<String>> uniqueKeys,
                       List<ForeignKey> foreignKeys, List<String> generatedColumns) {
        this(ref, columns, primaryKey, uniqueKeys, foreignKeys, generatedColumns, List.of());
    }

    /**
     * The rules of this (live) table that rows of {@code before} (the snapshot's table) are not known to meet: every
     * rule {@code before} did not have, every trigger (it runs code), and all of them when {@code before} did not
     * record its rules.
     */
    public List<Constraint> constraintsNotIn(TableSchema before) {
        return constraints.stream()
                .filter(c -> c.kind().opaque() || before.constraints() == null
                        || before.constraints().stream().noneMatch(c::sameRule))
                .toList();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
