package io.preserve.adapter.jdbc;

import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.MigrationTool;

import java.util.List;
import java.util.Map;

/**
 * The migration tools' history tables of one database, as its own SQL reads them: shared by the PostgreSQL reader (in
 * {@code migrations}) and the MySQL one (in {@code mysql}), so that the project's folders are read and compared in
 * one place whatever the database.
 */
public interface MigrationHistories {
    /** One tool's history: its rows in the order they were applied, and what to say of them. */
    record History(List<AppliedMigration> rows, List<String> notes) {
        public History {
            rows = List.copyOf(rows);
            notes = List.copyOf(notes);
        }
    }

    /** The schema (MySQL: the database) whose history tables these are. */
    String schema();

    /**
     * The history tables the database has, by tool ({@code schema.table}); throws
     * {@link io.preserve.domain.error.InvalidRequest} naming the server's reason when they cannot be looked up.
     */
    Map<MigrationTool, String> tables();

    /** The rows of one tool's history table, as {@link #tables()} named it. */
    History read(MigrationTool tool, String table);
}
