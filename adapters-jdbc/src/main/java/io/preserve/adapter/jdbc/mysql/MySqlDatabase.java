package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.WriteDatabasePort;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A MySQL or MariaDB database, reached through MariaDB Connector/J: each backup or restore opens a connection of its
 * own and closes it when done (the command line's way; no pool yet), or borrows one from an application's data source
 * ({@link #borrowing}: preserve embedded in another service). Every failure to connect becomes a
 * {@link io.preserve.domain.error.DatabaseUnreachable} naming host, port and database, never the password.
 * <p>
 * This class and its package are the only ones that load jOOQ and the MariaDB driver: a PostgreSQL run never does.
 */
public final class MySqlDatabase implements AutoCloseable {
    private final ConnectionSpec spec;
    private final List<Connection> sessions = new ArrayList<>();
    /** Set as a restore starts its commit: from then on, stopping it may no longer undo everything. */
    private volatile boolean committing;

    /** An application's data source whose connections are borrowed (see {@link #borrowing}); null: opened here. */
    private final javax.sql.DataSource borrowed;

    private MySqlDatabase(ConnectionSpec spec, javax.sql.DataSource borrowed) {
        if (spec.dialect() != ConnectionSpec.Dialect.MYSQL) throw new IllegalArgumentException("not a MySQL/MariaDB URL: " + spec);
        this.spec = spec;
        this.borrowed = borrowed;
    }

    /** A new connection for every session, closed with it. */
    public static MySqlDatabase direct(ConnectionSpec spec) {
        MySqlDatabase database = new MySqlDatabase(spec, null);
        Statements.warmUp();
        return database;
    }

    /**
     * The database {@code dataSource} connects to (an application's pool of MariaDB Connector/J connections), or
     * {@code database} on its server (null: the connections' current database). Asks it for one connection now, to
     * check what it reaches and say where it is; a data source of another database system or driver is refused in
     * one line. Each session borrows a connection and gives it back as it was found (see {@link MySqlBorrowed});
     * {@link #close()} leaves the data source open: it is the application's.
     */
    public static MySqlDatabase borrowing(javax.sql.DataSource dataSource, String database) {
        java.util.Objects.requireNonNull(dataSource, "dataSource");
        ConnectionSpec spec;
        try (Connection c = dataSource.getConnection()) {
            spec = MySqlBorrowed.describe(c, database);
        } catch (SQLException e) {
            throw io.preserve.domain.error.DatabaseUnreachable.fromDataSource(MySqlErrors.message(e));
        }
        MySqlDatabase borrowing = new MySqlDatabase(spec, dataSource);
        Statements.warmUp();
        return borrowing;
    }

    public ConnectionSpec spec() {
        return spec;
    }

    public ReadDatabasePort reader() {
        return exclusive -> new MySqlConsistentRead(connection(), spec, exclusive);
    }

    public WriteDatabasePort writer() {
        return lockWait -> MySqlRestoreSession.open(connection(), spec, lockWait, () -> committing = true);
    }

    /** The migration tools' history tables (read in this database's SQL). */
    public io.preserve.adapter.jdbc.MigrationHistories histories() {
        return new MySqlHistories(this);
    }

    /**
     * Shadow databases for replaying migrations on this database's server: {@code given} (may be null: then a new one
     * is created and dropped); {@code migrations} reads the project's migrations with a database's history (the folders
     * are read alike for both dialects); {@code opened} is told of each shadow, to stop its sessions on a signal.
     */
    public io.preserve.domain.port.out.ShadowDatabasePort shadows(ConnectionSpec given,
            java.util.function.Function<io.preserve.adapter.jdbc.MigrationHistories, io.preserve.domain.port.out.ReadMigrationsPort> migrations,
            java.util.function.Consumer<MySqlDatabase> opened) {
        return new io.preserve.domain.port.out.ShadowDatabasePort() {
            @Override
            public io.preserve.domain.port.out.ShadowDatabase open() {
                return MySqlShadow.open(MySqlDatabase.this, given, migrations, opened);
            }

            @Override
            public String dialect() {
                return io.preserve.domain.model.DatabaseInfo.MYSQL;
            }
        };
    }

    /** Counts rows and what migration statements would touch, changing nothing. */
    public io.preserve.domain.port.out.MeasureDataPort measures() {
        return new MySqlMeasures(this);
    }

    /** Compares snapshots with this database, set-based, changing nothing. */
    public io.preserve.domain.port.out.DiffDatabasePort differ() {
        return MySqlDiff.port(this);
    }

    /** Scratch databases on the server of {@code spec}, for restore tests. */
    public static io.preserve.domain.port.out.ScratchDatabasePort scratches(ConnectionSpec spec) {
        return MySqlScratch.port(spec);
    }

    /** Whether the database answers: {@code null} when it does, else why not in one line (never the password). */
    public String ping() {
        try (Connection c = connection(); var s = c.createStatement()) {
            s.execute("SELECT 1");
            return null;
        } catch (SQLException | RuntimeException e) {
            return e instanceof io.preserve.domain.error.PreserveException p ? p.getMessage() : MySqlErrors.describe(spec, e);
        }
    }

    /**
     * Stops every session this database opened, from any thread (a signal handler): their connections are aborted and
     * the server rolls back what they had not committed.
     *
     * @return true if no restore had started its commit: whatever the sessions did is undone
     */
    public boolean stopAll() {
        List<Connection> all;
        synchronized (this) {
            all = new ArrayList<>(sessions);
        }
        for (Connection c : all) {
            try {
                if (!c.isClosed()) c.abort(Runnable::run);
            } catch (SQLException ignored) {
                // closed meanwhile
            }
        }
        return !committing;
    }

    Connection connection() {
        if (borrowed != null) {
            try {
                return io.preserve.adapter.jdbc.BorrowedConnection.wrap(borrowed.getConnection(), MySqlBorrowed.session(spec.schema()));
            } catch (SQLException | RuntimeException e) {
                throw MySqlErrors.unreachable(spec, e);
            }
        }
        try {
            Connection c = open(spec);
            synchronized (this) {
                sessions.removeIf(s -> {
                    try {
                        return s.isClosed();
                    } catch (SQLException e) {
                        return true;
                    }
                });
                sessions.add(c);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            throw MySqlErrors.unreachable(spec, e);
        }
    }

    /**
     * One connection straight from the driver, in utf8mb4, with the driver's conversions off: values are read as the
     * server writes them ({@code tinyInt1isBit=false}: a TINYINT(1) is its number), affected rows are the rows changed
     * ({@code useAffectedRows}: an {@code ON DUPLICATE KEY UPDATE} that changed nothing counts 0).
     */
    static Connection open(ConnectionSpec spec) throws SQLException {
        Properties properties = spec.login();
        properties.setProperty("connectTimeout", "10000");
        properties.setProperty("tinyInt1isBit", "false");
        properties.setProperty("transformedBitIsBoolean", "false");
        properties.setProperty("yearIsDateType", "false");
        properties.setProperty("useAffectedRows", "true");
        // a restore's LOAD DATA LOCAL INFILE (MySqlBulkLoad) sends a stream of its own and never opens a file; the
        // driver refuses a server's request for any file that a statement of ours did not name
        properties.setProperty("allowLocalInfile", "true");
        properties.setProperty("permitMysqlScheme", "false");
        properties.setProperty("connectionAttributes", "program_name:preserve");
        Connection c = new org.mariadb.jdbc.Driver().connect(spec.mariadbJdbcUrl(), properties);
        if (c == null) throw new SQLException("the driver did not take the URL");
        return c;
    }

    @Override
    public void close() {
        // no pool: each session closed (or gave back) its own connection
    }
}
