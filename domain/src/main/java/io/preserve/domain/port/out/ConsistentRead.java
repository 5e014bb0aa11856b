package io.preserve.domain.port.out;

import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.TableSchema;

import java.io.OutputStream;
import java.util.List;

/** One point-in-time view of a database. Closing it ends the view. */
public interface ConsistentRead extends AutoCloseable {
    DatabaseInfo info();

    /** The tables of the schema, their columns, keys and foreign keys, as of this view. */
    List<TableSchema> tables();

    /**
     * Streams the table's rows, in PostgreSQL's COPY text form, columns in {@link TableSchema#columns()} order,
     * into {@code sink}, and returns how many rows were written. Holds nothing proportional to the table.
     */
    long copyOut(TableSchema table, OutputStream sink);

    /** As {@link #copyOut(TableSchema, OutputStream)}, only the rows {@code filter} takes. */
    long copyOut(TableSchema table, io.preserve.domain.model.TableFilter filter, OutputStream sink);

    /** How many rows the table holds in this view. */
    long countRows(TableSchema table);

    /** How many rows of the table {@code filter} takes in this view. */
    long countRows(TableSchema table, io.preserve.domain.model.TableFilter filter);

    /**
     * Where the schema's sequences that no column owns stand (those behind identity and serial columns follow their
     * column's values on restore and are not listed): read after the view began, so each is at or past every value
     * the view's rows took from it. Empty where the database has none.
     */
    default List<io.preserve.domain.model.SequencePosition> sequences() {
        return List.of();
    }

    /**
     * What this view leaves out that the user may expect in a backup of the database (PostgreSQL: other schemas holding
     * tables, since a backup reads one), for a warning in the report; empty when nothing is.
     */
    default List<String> leftOut() {
        return List.of();
    }

    @Override
    void close();

    /**
     * Why {@code table}'s rows are not read as of the one moment the others are (a MySQL table of an engine without
     * transactions, say), for a warning in the report; empty when they are.
     */
    default java.util.Optional<String> notConsistent(TableSchema table) {
        return java.util.Optional.empty();
    }
}
