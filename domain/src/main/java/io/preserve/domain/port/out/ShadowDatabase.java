package io.preserve.domain.port.out;

import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.model.migration.MigrationState;

import java.io.InputStream;
import java.util.List;

/**
 * A database to replay migrations in, in the live database's schema name. Closing it removes what it held: a database
 * Preserve created is dropped, a given one emptied again.
 */
public interface ShadowDatabase extends AutoCloseable {
    /**
     * The shadow databases of earlier runs that were killed before they could drop theirs, dropped when this one was
     * made (their names); empty when there were none.
     */
    default List<String> cleared() {
        return List.of();
    }

    /**
     * The names that, qualifying a table in a migration ({@code appdb.setting}), reach outside the shadow: on
     * MySQL/MariaDB the server's other databases, the live one among them (its system schemas, read by migrations
     * that check the catalog, left out). A migration that uses one is not replayed. Empty on PostgreSQL, where a
     * statement cannot reach another database.
     */
    default java.util.Set<String> outsideNames() {
        return java.util.Set.of();
    }

    /** Where it is, for messages ({@code host:port/database}, never the password). */
    String display();

    /**
     * Creates the migration tool's history table as the tool creates it and loads {@code rows} (the snapshot's row
     * text, in the order of {@code table}'s columns) into it.
     */
    void loadHistory(TableSchema table, InputStream rows);

    /** The project's migrations with the shadow's history. */
    MigrationState migrations(MigrationQuery query);

    /**
     * Runs one migration's statements as the tool does: in a transaction of its own where DDL is transactional
     * (PostgreSQL: on a failure it is rolled back), else statement by statement (MySQL/MariaDB: the statements before a
     * failure stay applied); {@link io.preserve.domain.error.MigrationFailed} names the failing statement.
     *
     * @param lines each statement's first line in the file
     */
    void apply(String migration, List<String> statements, List<Integer> lines);

    /**
     * Keeps aside, keyed by the table's primary key, the values of {@code column}: for a rename a migration performs as
     * a drop and an add. Returns false when the table has no such column or no primary key.
     */
    boolean keep(String table, String column);

    /** Writes the values kept of {@code table.column} into {@code newColumn}, by key; returns the rows written. */
    long carry(String table, String column, String newTable, String newColumn);

    /**
     * Makes the shadow's tables {@code UNLOGGED}: their rows are thrown away at the end, so the load and the migrations
     * need write no WAL for them. A table that cannot be (a partition, one a logged table references) stays as it is;
     * a database without unlogged tables does nothing.
     */
    void unlogged();

    ReadDatabasePort reader();

    WriteDatabasePort writer();

    @Override
    void close();
}
