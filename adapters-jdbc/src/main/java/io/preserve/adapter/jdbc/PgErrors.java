package io.preserve.adapter.jdbc;

import io.preserve.domain.error.DatabaseUnreachable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** Turns driver and server errors into one-line, password-free explanations. */
final class PgErrors {
    private PgErrors() {
    }

    static DatabaseUnreachable unreachable(ConnectionSpec spec, Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        String reason;
        if ("3D000".equals(state)) {
            reason = "the database does not exist";
        } else if ("28P01".equals(state) || "28000".equals(state)) {
            reason = "login failed for user '" + spec.user() + "' (" + serverText(sql) + ")";
        } else if (state != null && state.startsWith("08")) {
            reason = "connection failed (" + rootMessage(failure) + ")";
        } else {
            reason = rootMessage(failure);
        }
        return new DatabaseUnreachable(spec.host(), spec.port(), spec.database(), spec.redact(reason));
    }

    /** The server's message with its detail, hint and where (e.g. "COPY User, line 3, column email"). */
    static String describe(Throwable failure) {
        PSQLException psql = find(failure, PSQLException.class);
        if (psql == null || psql.getServerErrorMessage() == null) return rootMessage(failure);
        ServerErrorMessage m = psql.getServerErrorMessage();
        StringBuilder text = new StringBuilder(m.getMessage());
        // "Failing row contains (…)" quotes the whole row, cut short by the server: the caller names the row itself
        if (m.getDetail() != null && !m.getDetail().startsWith("Failing row contains")) {
            String detail = firstLine(m.getDetail());
            text.append("; ").append(detail.length() > 200 ? detail.substring(0, 197) + "..." : detail);
        }
        if (m.getHint() != null) text.append("; hint: ").append(m.getHint());
        if (m.getWhere() != null) text.append(" [").append(firstLine(m.getWhere())).append(']');
        return text.toString();
    }

    /** The server's message alone, without the detail that quotes the row (for reports that name rows themselves). */
    static String message(Throwable failure) {
        PSQLException psql = find(failure, PSQLException.class);
        if (psql == null || psql.getServerErrorMessage() == null) return rootMessage(failure);
        return firstLine(psql.getServerErrorMessage().getMessage());
    }

    static String sqlState(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        return sql == null ? null : sql.getSQLState();
    }

    private static String serverText(SQLException sql) {
        if (sql instanceof PSQLException p && p.getServerErrorMessage() != null) return p.getServerErrorMessage().getMessage();
        return sql.getMessage();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}
