package io.preserve.adapter.jdbc.diff;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.PgErrors;
import io.preserve.adapter.jdbc.SessionSettings;
import io.preserve.domain.error.DiffFailed;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.model.TableDiff;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.DiffDatabasePort;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The comparison in PostgreSQL: one REPEATABLE READ transaction (one point in time for every table), rolled back at the
 * end. Each snapshot table is loaded with COPY into a temporary table of text columns (COPY's own unescaping), and the
 * live table is read as text under the snapshot's session settings (so each value prints as the snapshot holds it);
 * the two are then compared with set-based SQL: a full join on the key, or, without a key, EXCEPT ALL both ways. Only
 * counts and a few sample keys come back. Identifiers only through {@link io.preserve.adapter.jdbc.Sql}.
 */
final class PgDiff implements DiffDatabasePort.Session {
    private final Connection connection;
    private final Db sql;
    private final String schema;
    private int tables;

    private PgDiff(Connection connection, String schema) {
        this.connection = connection;
        this.sql = new Db(connection);
        this.schema = schema;
    }

    static DiffDatabasePort port(Supplier<Connection> connections, String schema) {
        return settings -> open(connections.get(), schema, settings);
    }

    private static PgDiff open(Connection connection, String schema, Map<String, String> settings) {
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            PgDiff diff = new PgDiff(connection, schema);
            SessionSettings.applyForRestore(diff.sql, settings);
            return diff;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new DiffFailed("(before the first)", PgErrors.describe(e));
        }
    }

    @Override
    public List<TableSchema> tables() {
        try {
            return io.preserve.adapter.jdbc.PgCatalog.tables(sql, schema).tables();
        } catch (RuntimeException e) {
            throw new DiffFailed("(before the first)", PgErrors.describe(e));
        }
    }

    @Override
    public TableDiff compare(TableSchema table, InputStream rows, long snapshotRows, int samples) {
        TableRef live = new TableRef(schema, table.ref().name());
        try {
            List<String> liveColumns = sql.query("SELECT a.attname FROM pg_catalog.pg_attribute a"
                    + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
                    + " AND a.attgenerated = '' ORDER BY a.attnum", r -> r.getString(1), schema, live.name());
            if (liveColumns.isEmpty()) {
                drain(rows);
                return TableDiff.missing(table.ref(), snapshotRows);
            }
            String stage = "preserve_diff_" + (++tables);
            List<String> snapshotColumns = table.columns().stream().map(c -> c.name()).toList();
            List<String> staged = new ArrayList<>();
            for (int i = 0; i < snapshotColumns.size(); i++) staged.add("c" + i + " text");
            sql.execute("CREATE TEMPORARY TABLE " + io.preserve.adapter.jdbc.Sql.name(stage) + " (" + String.join(", ", staged) + ")");
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + io.preserve.adapter.jdbc.Sql.name(stage) + " FROM STDIN", rows, 1 << 16);
            var comparison = new Comparison(table, liveColumns, live, stage);
            TableDiff diff = comparison.run(sql, samples);
            sql.execute("DROP TABLE " + io.preserve.adapter.jdbc.Sql.name(stage));
            return diff;
        } catch (PreserveException e) {
            throw e;
        } catch (SQLException | IOException | RuntimeException e) {
            throw new DiffFailed(table.ref().display(), PgErrors.describe(e));
        }
    }

    private static void drain(InputStream rows) {
        try {
            rows.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the comparison wrote nothing; closing ends the transaction all the same
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing of ours is lost
        }
    }
}
