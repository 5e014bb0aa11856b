package io.preserve.adapter.jdbc.migrations;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.PgErrors;
import io.preserve.adapter.jdbc.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The migration readers' JDBC, through the adapter's own {@link Db} (values always bound, one statement per text,
 * never several) and {@link Sql} (identifiers always quoted), with the driver's checked exceptions these readers
 * handle where they know what a failure means.
 */
final class Jdbc {
    private Jdbc() {
    }

    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    static <T> List<T> query(Connection connection, String sql, Row<T> mapper, Object... binds) throws SQLException {
        try {
            return new Db(connection).query(sql, mapper::map, binds);
        } catch (Db.Failure e) {
            throw (SQLException) e.getCause();
        }
    }

    static long number(Connection connection, String sql, Object... binds) throws SQLException {
        List<Long> values = query(connection, sql, r -> r.getLong(1), binds);
        return values.isEmpty() ? 0 : values.get(0);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try {
            new Db(connection).execute(sql);
        } catch (Db.Failure e) {
            throw (SQLException) e.getCause();
        }
    }

    static String name(String identifier) {
        return Sql.name(identifier);
    }

    static String table(String schema, String name) {
        return Sql.qualified(schema, name);
    }

    /** The server's one-line message (or this exception's own, when it is not the server's), undecorated. */
    static String message(SQLException e) {
        return e instanceof org.postgresql.util.PSQLException ? PgErrors.message(e)
                : e.getMessage() == null ? "the database refused" : e.getMessage().lines().findFirst().orElse("");
    }
}
