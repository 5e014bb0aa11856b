package io.preserve.adapter.jdbc.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC for the migration readers: values always bound, identifiers always quoted through {@link #name}.
 * (The restore engine's own helpers are package-private to it; this package keeps its few needs to itself.)
 */
final class Jdbc {
    private Jdbc() {
    }

    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    static <T> List<T> query(Connection connection, String sql, Row<T> mapper, Object... binds) throws SQLException {
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
        }
    }

    static long number(Connection connection, String sql, Object... binds) throws SQLException {
        List<Long> values = query(connection, sql, r -> r.getLong(1), binds);
        return values.isEmpty() ? 0 : values.get(0);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** An identifier, quoted as PostgreSQL's {@code quote_ident} would force it. */
    static String name(String identifier) {
        if (identifier.indexOf('\0') >= 0) throw new IllegalArgumentException("an identifier cannot contain NUL");
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String table(String schema, String name) {
        return name(schema) + "." + name(name);
    }

    /** The server's one-line message, without the driver's decoration. */
    static String message(SQLException e) {
        String text = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage() : e.getMessage();
        if (text == null) return "the database refused";
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
