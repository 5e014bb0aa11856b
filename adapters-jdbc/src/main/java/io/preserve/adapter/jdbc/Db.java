package io.preserve.adapter.jdbc;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.Parser;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC on one connection, with checked {@link SQLException}s turned into {@link Failure}s that keep the
 * driver's exception as their cause (for {@link PgErrors#describe}). Values are always bound, never spliced;
 * a {@code String[]} is bound as a text array.
 * <p>
 * Every statement goes alone: the driver splits a text at each {@code ;} outside quotes and runs the pieces one
 * after another, even in a prepared statement, so each text is first read with the driver's own parser and refused
 * if it holds more than one statement. What the driver then sends as one statement goes through the extended query
 * protocol ({@link ConnectionSpec} allows no other), where the server itself refuses a second statement. Only
 * {@link #script} runs several, each checked to be one.
 */
public final class Db {
    private final Connection connection;

    public Db(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs one statement without parameters; returns its update count (0 when it has none). */
    public long execute(String sql) {
        single(sql);
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
            return Math.max(0, statement.getLargeUpdateCount());
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    /** Runs one statement with bound values; returns its update count. */
    public long update(String sql, Object... binds) {
        single(sql);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) statement.setObject(i + 1, binds[i]);
            return statement.executeLargeUpdate();
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    public <T> List<T> query(String sql, Row<T> mapper, Object... binds) {
        single(sql);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                Object value = binds[i];
                if (value instanceof String[] array) statement.setArray(i + 1, connection.createArrayOf("text", array));
                else statement.setObject(i + 1, value);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) out.add(mapper.map(rows));
            }
            return out;
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    /** Runs statements the code made, each checked to be one statement, in one round trip. */
    public void script(List<String> statements) {
        if (statements.isEmpty()) return;
        statements.forEach(this::single);
        try (var statement = connection.createStatement()) {
            statement.execute(String.join(";\n", statements));
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    /**
     * Refuses a text the driver would run as several statements (SQLSTATE 42601, syntax error), before a byte of it
     * is sent; returns it otherwise.
     */
    public String single(String sql) {
        try {
            boolean standardStrings = connection.unwrap(BaseConnection.class).getStandardConformingStrings();
            if (Parser.parseJdbcSql(sql, standardStrings, true, true, false, false).size() > 1) {
                throw new Failure(new SQLException("refused to send several statements where one was expected"
                        + " (a ';' outside quotes)", "42601"));
            }
            return sql;
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    /** The first column of the first row as text, or null. */
    public String text(String sql, Object... binds) {
        List<String> values = query(sql, r -> r.getString(1), binds);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Calls a function once per group of {@code arity} values, all in one round trip:
     * {@code SELECT f(?, ?), f(?, ?), …} for {@code call} {@code "f(?, ?)"}.
     */
    public void callEach(String call, int arity, List<Object> binds) {
        if (binds.isEmpty()) return;
        if (binds.size() % arity != 0) throw new IllegalArgumentException(binds.size() + " values for calls of " + arity);
        query("SELECT " + String.join(", ", java.util.Collections.nCopies(binds.size() / arity, call)), r -> null, binds.toArray());
    }

    public long number(String sql, Object... binds) {
        return Long.parseLong(text(sql, binds));
    }

    /** A database error, unchecked; its cause is the driver's exception. */
    public static final class Failure extends RuntimeException {
        Failure(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        /** The SQLSTATE the server gave, e.g. {@code 23503} for a foreign-key violation. */
        public String sqlState() {
            return ((SQLException) getCause()).getSQLState();
        }
    }
}
