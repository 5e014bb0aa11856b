package io.preserve.adapter.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.WriteDatabasePort;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A PostgreSQL database, reached in one of two ways:
 * <ul>
 *   <li>{@link #direct}: each backup or restore opens a connection of its own and closes it when done. For a
 *       process that does one thing and exits (the command line): a pool would only add its warm-up connection,
 *       its threads and its shutdown to every run.</li>
 *   <li>{@link #pooled}: connections come from a small HikariCP pool, opened on first use and kept between
 *       requests. For a long-running process (the HTTP API).</li>
 *   <li>{@link #borrowing}: connections come from an application's own {@code DataSource} and go back to it as they
 *       were found (see {@link BorrowedConnection}). For preserve embedded in another service.</li>
 * </ul>
 * Either way every failure to connect becomes a {@link io.preserve.domain.error.DatabaseUnreachable} naming host,
 * port and database, never the password.
 */
public final class PgDatabase implements AutoCloseable {
    private final ConnectionSpec spec;
    private final boolean pooled;
    private final javax.sql.DataSource borrowed;
    private HikariDataSource pool;
    /** The direct sessions' connections, to stop them on an interrupt (a handful per run: kept until exit). */
    private final List<StoppableConnection> sessions = new ArrayList<>();
    /** Set by {@link #stopAll()}: no direct session is opened after it. */
    private volatile boolean stopped;

    private PgDatabase(ConnectionSpec spec, boolean pooled) {
        this(spec, pooled, null);
    }

    private PgDatabase(ConnectionSpec spec, boolean pooled, javax.sql.DataSource borrowed) {
        this.spec = spec;
        this.pooled = pooled;
        this.borrowed = borrowed;
    }

    /**
     * The database {@code dataSource} connects to, in {@code schema} (null: the schema its connections use first, their
     * {@code current_schema()}). Asks it for one connection now, to say where it is; {@link #close()} leaves it open:
     * it is the application's.
     */
    public static PgDatabase borrowing(javax.sql.DataSource dataSource, String schema) {
        java.util.Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equals(product)) {
                throw new io.preserve.domain.error.InvalidRequest("the data source connects to " + product + " "
                        + c.getMetaData().getDatabaseProductVersion() + ", not to PostgreSQL");
            }
            return borrowing(dataSource, schema, c);
        } catch (SQLException e) {
            throw io.preserve.domain.error.DatabaseUnreachable.fromDataSource(PgErrors.describe(e));
        }
    }

    private static PgDatabase borrowing(javax.sql.DataSource dataSource, String schema, Connection c) throws SQLException {
        try (var s = c.createStatement();
             var row = s.executeQuery("SELECT pg_catalog.current_database(), current_user, pg_catalog.current_schema(),"
                     + " pg_catalog.host(pg_catalog.inet_server_addr()), pg_catalog.inet_server_port()")) {
            row.next();
            String current = row.getString(3);
            String chosen = schema != null ? schema : current;
            if (chosen == null) {
                throw new io.preserve.domain.error.InvalidRequest("the data source's connections have no current schema"
                        + " (none of their search_path exists): name the schema");
            }
            String host = described(c, row.getString(4));
            int port = row.getObject(5) == null ? 5432 : row.getInt(5);
            ConnectionSpec spec = ConnectionSpec.describing(host, port, row.getString(1), row.getString(2), chosen);
            return new PgDatabase(spec, false, dataSource);
        }
    }

    /** The host as the application's URL names it, else as the server sees itself (a socket: "local"). */
    private static String described(Connection c, String serverAddress) throws SQLException {
        String url = c.getMetaData().getURL();
        if (url != null && url.startsWith("jdbc:postgresql://")) {
            String rest = url.substring("jdbc:postgresql://".length());
            int end = rest.length();
            for (char stop : new char[] {'/', '?', ','}) {
                int at = rest.indexOf(stop);
                if (at >= 0) end = Math.min(end, at);
            }
            String hostPort = rest.substring(0, end);
            if (hostPort.startsWith("[")) return hostPort.substring(1, Math.max(1, hostPort.indexOf(']')));
            int colon = hostPort.lastIndexOf(':');
            String host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            if (!host.isEmpty()) return host;
        }
        return serverAddress == null ? "local" : serverAddress;
    }

    /** A new connection for every session, closed with it. */
    public static PgDatabase direct(ConnectionSpec spec) {
        return new PgDatabase(spec, false);
    }

    /** Sessions borrow from a pool, kept until {@link #close()}. */
    public static PgDatabase pooled(ConnectionSpec spec) {
        return new PgDatabase(spec, true);
    }

    public ConnectionSpec spec() {
        return spec;
    }

    public ReadDatabasePort reader() {
        return exclusive -> new PgConsistentRead(inSchema(), spec.schema(), exclusive);
    }

    public WriteDatabasePort writer() {
        return lockWait -> io.preserve.adapter.jdbc.restore.PgRestoreSession.open(inSchema(), spec.schema(), lockWait);
    }

    /** Compares snapshots with the schema, changing nothing (see {@link io.preserve.adapter.jdbc.diff.Diffs}). */
    public io.preserve.domain.port.out.DiffDatabasePort differ() {
        return io.preserve.adapter.jdbc.diff.Diffs.postgres(this::inSchema, spec.schema());
    }

    /**
     * A connection whose schema exists: a backup or a restore of a schema the database lacks (a mistyped
     * {@code ?schema=}) is refused before anything is read or written, naming the schemas there are.
     */
    private Connection inSchema() {
        Connection connection = connection();
        try (var exists = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?),"
                        + " (SELECT string_agg(nspname, ', ' ORDER BY nspname) FROM pg_catalog.pg_namespace"
                        + "  WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema')")) {
            exists.setString(1, spec.schema());
            try (var row = exists.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) return connection;
                String schemas = row.getString(2);
                connection.close();
                throw new io.preserve.domain.error.InvalidRequest("schema '" + spec.schema() + "' does not exist in "
                        + spec.target() + " (the database URL's ?schema=); its schemas: " + (schemas == null ? "none" : schemas));
            }
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw PgErrors.unreachable(spec, e);
        }
    }

    /**
     * A connection of its own, for adapters in sibling packages (the migration readers); the caller closes it. A failure
     * to connect is a {@link io.preserve.domain.error.DatabaseUnreachable}.
     */
    public Connection openConnection() {
        return connection();
    }

    Connection connection() {
        // once stopped, a command's work opens no new direct session (a restore in several steps must not go on)
        if (stopped && borrowed == null && !pooled) {
            throw new io.preserve.domain.error.RestoreFailed("stopped: no new session is opened on " + spec.target());
        }
        try {
            if (borrowed != null) return BorrowedConnection.wrap(borrowed.getConnection(), inSearchPath(spec.schema()));
            if (pooled) return pool().getConnection();
            StoppableConnection.Stoppable opened = StoppableConnection.wrap(open(spec));
            synchronized (this) {
                sessions.add(opened.handle());
            }
            return opened.connection();
        } catch (SQLException | RuntimeException e) {
            throw PgErrors.unreachable(spec, e);
        }
    }

    /**
     * A borrowed connection's set-up: for as long as preserve holds it, {@code schema} is first on its search path and
     * {@code standard_conforming_strings} is on (what a connection preserve opens itself gets from its start-up options);
     * both go back to what they were. Preserve's other settings are transaction-local ({@code set_config(…, true)},
     * {@code SET LOCAL}) and its session advisory lock is released by the session that took it.
     */
    private static BorrowedConnection.Session inSearchPath(String schema) {
        return connection -> {
            String[] was = new String[2];
            try (var set = connection.prepareStatement("SELECT pg_catalog.current_setting('search_path'),"
                    + " pg_catalog.current_setting('standard_conforming_strings'),"
                    + " pg_catalog.set_config('search_path', pg_catalog.quote_ident(?), false),"
                    + " pg_catalog.set_config('standard_conforming_strings', 'on', false)")) {
                set.setString(1, schema);
                try (var row = set.executeQuery()) {
                    row.next();
                    was[0] = row.getString(1);
                    was[1] = row.getString(2);
                }
            }
            return c -> {
                try (var reset = c.prepareStatement("SELECT pg_catalog.set_config('search_path', ?, false),"
                        + " pg_catalog.set_config('standard_conforming_strings', ?, false)")) {
                    reset.setString(1, was[0]);
                    reset.setString(2, was[1]);
                    reset.executeQuery().close();
                }
            };
        };
    }

    /**
     * Stops every session this database opened directly, from any thread (a signal handler): their connections are
     * closed at once and the server rolls back what they had not committed. A commit under way is let finish.
     *
     * @return true if none of them had committed anything: whatever they did is undone
     */
    /** Whether the database answers: {@code null} when it does, else why not in one line (never the password). */
    public String ping() {
        try (Connection c = connection(); var s = c.createStatement()) {
            s.execute("SELECT 1");
            return null;
        } catch (SQLException | RuntimeException e) {
            return e instanceof io.preserve.domain.error.PreserveException p ? p.getMessage() : PgErrors.describe(e);
        }
    }

    public boolean stopAll() {
        stopped = true;
        List<StoppableConnection> all;
        synchronized (this) {
            all = new ArrayList<>(sessions);
        }
        boolean nothingCommitted = true;
        for (StoppableConnection session : all) nothingCommitted &= session.stop();
        return nothingCommitted;
    }

    /** One connection straight from the driver, with the spec's schema first on the search path. */
    static Connection open(ConnectionSpec spec) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", spec.user());
        if (spec.password() != null) properties.setProperty("password", spec.password());
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("options", serverOptions(spec));
        return new org.postgresql.Driver().connect(spec.jdbcUrl(), properties);
    }

    private synchronized HikariDataSource pool() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(spec.jdbcUrl());
            config.setUsername(spec.user());
            if (spec.password() != null) config.setPassword(spec.password());
            config.setPoolName("preserve");
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(0);
            config.setConnectionTimeout(15_000);
            config.setInitializationFailTimeout(1);
            config.addDataSourceProperty("connectTimeout", "10");
            config.addDataSourceProperty("options", serverOptions(spec));
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    /**
     * The URL's own server options, if any, then the schema's search path and standard-conforming strings (a
     * backslash in '…' is a backslash: how {@link SqlExpression} reads configuration SQL).
     */
    private static String serverOptions(ConnectionSpec spec) {
        String own = spec.serverOptions();
        String ours = searchPathOption(spec.schema()) + " -c standard_conforming_strings=on";
        return own == null || own.isBlank() ? ours : own + " " + ours;
    }

    /** The schema as a search_path value inside the startup {@code options}: quoted, spaces escaped. */
    private static String searchPathOption(String schema) {
        String quoted = "\"" + schema.replace("\"", "\"\"") + "\"";
        return "-c search_path=" + quoted.replace("\\", "\\\\").replace(" ", "\\ ");
    }

    @Override
    public synchronized void close() {
        if (pool != null) pool.close();
    }
}
