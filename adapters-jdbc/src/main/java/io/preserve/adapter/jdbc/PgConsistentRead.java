package io.preserve.adapter.jdbc;

import io.preserve.domain.error.BackupFailed;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.ConsistentRead;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A read-only REPEATABLE READ transaction: the catalog and every table are read as of its snapshot, as pg_dump
 * does. Tables are locked ACCESS SHARE, so they cannot be dropped or altered while they are read; writers go on.
 * Rows leave through {@code COPY … TO STDOUT}, streamed.
 */
final class PgConsistentRead implements ConsistentRead {
    private final Connection connection;
    private final Db sql;
    private final DatabaseInfo info;
    private final List<TableSchema> tables;
    private final Set<String> partitioned;

    PgConsistentRead(Connection connection, String schema) {
        this.connection = connection;
        this.sql = new Db(connection);
        try {
            connection.setAutoCommit(false);
            sql.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            Map<String, String> settings = SessionSettings.fixForBackup(sql);
            var found = PgCatalog.tables(sql, schema);
            this.tables = found.tables();
            this.partitioned = found.partitioned();
            if (!tables.isEmpty()) {
                sql.execute("LOCK TABLE " + tables.stream().map(t -> Sql.table(t.ref())).collect(Collectors.joining(", "))
                        + " IN ACCESS SHARE MODE");
            }
            this.info = sql.query("SELECT pg_catalog.current_database(), pg_catalog.current_setting('server_version'),"
                    + " pg_catalog.current_setting('server_encoding')",
                    r -> new DatabaseInfo(r.getString(1), r.getString(2), schema, r.getString(3), settings)).get(0);
        } catch (SQLException | Db.Failure e) {
            close();
            throw new BackupFailed("cannot start a consistent read: " + PgErrors.describe(e));
        }
    }

    @Override
    public DatabaseInfo info() {
        return info;
    }

    @Override
    public List<TableSchema> tables() {
        return tables;
    }

    @Override
    public long copyOut(TableSchema table, OutputStream sink) {
        String columns = Sql.names(table.columnNames());
        String name = Sql.table(table.ref());
        String copy = partitioned.contains(table.ref().name()) || columns.isEmpty()
                ? "COPY (SELECT " + columns + " FROM " + name + ") TO STDOUT"
                : "COPY " + name + " (" + columns + ") TO STDOUT";
        return copy(table, copy, sink);
    }

    @Override
    public long copyOut(TableSchema table, TableFilter filter, OutputStream sink) {
        String query = checked(table, filter, Sql.qualified(Sql.name(table.ref().name()), table.columnNames()));
        return copy(table, "COPY (" + query + ") TO STDOUT", sink);
    }

    /** The query for the rows {@code filter} takes, checked by the server first: a bad filter names its category. */
    private String checked(TableSchema table, TableFilter filter, String select) {
        Map<String, TableSchema> byName = tables.stream().collect(Collectors.toMap(t -> t.ref().name(), t -> t));
        String alias = Sql.name(table.ref().name());
        String condition = PgFilters.condition(filter, table, c -> alias + "." + Sql.name(c), byName);
        String query = "SELECT " + select + " FROM " + Sql.table(table.ref()) + " AS " + alias + " WHERE " + condition;
        PgFilters.check(sql, query, table, filter);
        return query;
    }

    @Override
    public long countRows(TableSchema table, TableFilter filter) {
        return sql.number(checked(table, filter, "count(*)"));
    }

    private long copy(TableSchema table, String copy, OutputStream sink) {
        try {
            // COPY goes through the simple query protocol, which would run a second statement: checked to be one
            return connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql.single(copy), sink);
        } catch (PreserveException e) {
            throw e;
        } catch (SQLException e) {
            throw new BackupFailed("reading table " + table.ref().display() + ": " + PgErrors.describe(e));
        } catch (IOException e) {
            throw new StorageFailure("the snapshot", "writing table " + table.ref().display() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long countRows(TableSchema table) {
        try {
            return sql.number("SELECT count(*) FROM " + Sql.table(table.ref()));
        } catch (Db.Failure e) {
            throw new BackupFailed("counting the rows of " + table.ref().display() + ": " + PgErrors.describe(e));
        }
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException ignored) {
            // a read-only transaction has nothing to lose; the pool discards a broken connection
        }
    }
}
