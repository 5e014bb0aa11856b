package io.preserve.adapter.jdbc;

import io.preserve.domain.error.BackupFailed;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableRef;
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
 * <p>
 * The locks are taken <em>before</em> the snapshot: its first statement is the {@code LOCK} (which takes none), so
 * a session that held a table exclusively (a restore that truncated and filled it) has committed before the
 * snapshot is taken, and its rows are seen. Taken after, as pg_dump does, a snapshot from before such a commit would
 * see the truncated table empty ({@code TRUNCATE} is not MVCC-safe): a backup beside a restore would hold nothing.
 */
final class PgConsistentRead implements ConsistentRead {
    private final Connection connection;
    private final Db sql;
    private final DatabaseInfo info;
    private final List<TableSchema> tables;
    private final Set<String> partitioned;
    private final boolean exclusive;

    /** How long a backup waits for a table another session holds exclusively (a restore, a migration's DDL). */
    static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(30);

    PgConsistentRead(Connection connection, String schema, boolean exclusive) {
        this.connection = connection;
        this.sql = new Db(connection);
        this.exclusive = exclusive;
        try {
            // outside the backup's transaction: its hold on the schema, and the tables to lock before its snapshot
            if (exclusive) PgLocks.holdSchema(sql, schema);
            Map<String, String> settings = null;
            PgCatalog.Tables found = null;
            for (int attempt = 0; found == null; attempt++) {
                connection.setAutoCommit(true);
                List<TableRef> names = PgCatalog.tableNames(sql, schema);
                connection.setAutoCommit(false);
                sql.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                PgLocks.lockForReading(sql, names, LOCK_WAIT);
                settings = SessionSettings.fixForBackup(sql);
                PgCatalog.Tables read = PgCatalog.tables(sql, schema);
                // a table created meanwhile is not locked: start again, with it (three tries, then read it as it is)
                boolean allLocked = read.tables().stream().allMatch(t -> names.contains(t.ref()));
                if (allLocked || attempt == 2) found = read;
                else connection.rollback();
            }
            this.tables = found.tables();
            this.partitioned = found.partitioned();
            final Map<String, String> fixed = settings;
            this.info = sql.query("SELECT pg_catalog.current_database(), pg_catalog.current_setting('server_version'),"
                    + " pg_catalog.current_setting('server_encoding')",
                    r -> new DatabaseInfo(r.getString(1), r.getString(2), schema, r.getString(3), fixed)).get(0);
        } catch (SQLException | Db.Failure e) {
            close();
            throw new BackupFailed("cannot start a consistent read: " + PgErrors.describe(e));
        } catch (RuntimeException e) {
            close();
            throw e;
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

    /** The other schemas holding tables of the application's (not an extension's) that the user may read. */
    private static final String OTHER_SCHEMAS = """
            SELECT n.nspname, count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname <> ?
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
              AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
              AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass
                              AND d.objid = c.oid AND d.deptype = 'e')
              AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_namespace'::regclass
                              AND d.objid = n.oid AND d.deptype = 'e')
            GROUP BY n.nspname ORDER BY n.nspname""";

    @Override
    public List<String> leftOut() {
        try {
            List<String> schemas = sql.query(OTHER_SCHEMAS, r -> r.getString(1) + " (" + r.getLong(2)
                    + (r.getLong(2) == 1 ? " table)" : " tables)"), info.schema());
            if (schemas.isEmpty()) return List.of();
            return List.of("the database has tables in other schemas too, which this backup (of schema " + info.schema()
                    + ") does not hold: " + String.join(", ", schemas.subList(0, Math.min(5, schemas.size())))
                    + (schemas.size() > 5 ? " and " + (schemas.size() - 5) + " more" : "")
                    + "; back each up with ?schema=NAME in the database URL");
        } catch (Db.Failure e) {
            return List.of();
        }
    }

    @Override
    public List<io.preserve.domain.model.SequencePosition> sequences() {
        try {
            return io.preserve.adapter.jdbc.restore.PgSequences.positions(sql, info.schema());
        } catch (Db.Failure e) {
            throw new BackupFailed("reading where the sequences stand: " + PgErrors.describe(e));
        }
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
                if (!connection.getAutoCommit()) connection.rollback();
                if (exclusive) sql.query("SELECT pg_catalog.pg_advisory_unlock_all()", r -> null);
                connection.close();
            }
        } catch (SQLException ignored) {
            // a read-only transaction has nothing to lose; the pool discards a broken connection
        }
    }
}
