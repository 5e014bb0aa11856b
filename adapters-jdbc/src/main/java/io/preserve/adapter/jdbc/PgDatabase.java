package io.preserve.adapter.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.WriteDatabasePort;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A PostgreSQL database reached through a small HikariCP pool, opened on first use. Every failure to connect
 * becomes a {@link io.preserve.domain.error.DatabaseUnreachable} naming host, port and database.
 */
public final class PgDatabase implements AutoCloseable {
    private final ConnectionSpec spec;
    private HikariDataSource pool;

    private PgDatabase(ConnectionSpec spec) {
        this.spec = spec;
    }

    public static PgDatabase of(ConnectionSpec spec) {
        return new PgDatabase(spec);
    }

    public ConnectionSpec spec() {
        return spec;
    }

    public ReadDatabasePort reader() {
        return () -> new PgConsistentRead(connection(), spec.schema());
    }

    public WriteDatabasePort writer() {
        return () -> new PgRestoreSession(connection(), spec.schema());
    }

    Connection connection() {
        try {
            return pool().getConnection();
        } catch (SQLException | RuntimeException e) {
            throw PgErrors.unreachable(spec, e);
        }
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
            config.addDataSourceProperty("options", "-c search_path=" + searchPathOption(spec.schema()));
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    /** The schema as a search_path value inside the startup {@code options}: quoted, spaces escaped. */
    private static String searchPathOption(String schema) {
        String quoted = "\"" + schema.replace("\"", "\"\"") + "\"";
        return quoted.replace("\\", "\\\\").replace(" ", "\\ ");
    }

    @Override
    public synchronized void close() {
        if (pool != null) pool.close();
    }
}
