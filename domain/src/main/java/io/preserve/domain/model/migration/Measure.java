package io.preserve.domain.model.migration;

import java.util.List;
import java.util.Objects;

/**
 * Something to count in the live database to say what a statement costs. The domain decides what to count; the
 * database adapter counts it (identifiers always quoted, values bound; the one kind that carries the migration's own
 * SQL, {@link RowsFailing}, is evaluated in a read-only transaction).
 */
public sealed interface Measure {
    TableName table();

    /** Every row of the table. */
    record Rows(TableName table) implements Measure {
    }

    /** Every row of every table of a schema. */
    record RowsInSchema(String schema) implements Measure {
        @Override
        public TableName table() {
            return new TableName(schema, "*");
        }
    }

    /** The non-NULL values of a column. */
    record Values(TableName table, String column) implements Measure {
    }

    /**
     * A digest of a column's values tied to each row's {@code key} (its primary key; empty: the values alone): the sum
     * of a hash per row. The same digest of a column before a command and of its renamed column after says the values
     * stayed (a rename in place); another, that they did not. Comparable only within one database.
     */
    record Digest(TableName table, String column, List<String> key) implements Measure {
        public Digest {
            Objects.requireNonNull(column, "column");
            key = List.copyOf(key);
        }
    }

    /** The rows holding NULL in a column. */
    record Nulls(TableName table, String column) implements Measure {
    }

    /** The rows that share their values of {@code columns} with an earlier row (a unique index over them fails). */
    record Duplicates(TableName table, List<String> columns) implements Measure {
        public Duplicates {
            columns = List.copyOf(columns);
        }
    }

    /**
     * The non-NULL values of a column that do not convert to {@code type}; {@code labels}: the labels of an enum the
     * pending migrations create (the database does not have it yet), else {@code null}.
     */
    record Unfit(TableName table, String column, String type, List<String> labels) implements Measure {
        public Unfit {
            Objects.requireNonNull(type, "type");
            labels = labels == null ? null : List.copyOf(labels);
        }
    }

    /** The rows whose {@code columns} are all non-NULL and match no row of {@code parent}'s {@code parentColumns}. */
    record Orphans(TableName table, List<String> columns, TableName parent, List<String> parentColumns) implements Measure {
        public Orphans {
            columns = List.copyOf(columns);
            parentColumns = List.copyOf(parentColumns);
        }
    }

    /**
     * The rows for which the migration's own condition is false ({@code failWhenFalse}: a CHECK) or true (a DELETE's
     * WHERE): SQL from the migration file, one parenthesised expression.
     */
    record RowsFailing(TableName table, String condition, boolean failWhenFalse) implements Measure {
    }
}
