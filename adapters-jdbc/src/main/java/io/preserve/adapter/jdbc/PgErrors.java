package io.preserve.adapter.jdbc;

import io.preserve.domain.error.DatabaseUnreachable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** Turns driver and server errors into one-line, password-free explanations. */
public final class PgErrors {
    private PgErrors() {
    }

    public static DatabaseUnreachable unreachable(ConnectionSpec spec, Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        String reason;
        if (find(failure, java.net.UnknownHostException.class) != null) {
            reason = "cannot resolve host " + spec.displayHost() + " (no such host name: check the URL's host)";
        } else if ("3D000".equals(state)) {
            reason = "the database does not exist";
        } else if ("28P01".equals(state) || "28000".equals(state)) {
            reason = "login failed for user '" + spec.user() + "' (" + serverText(sql) + ")";
        } else if (state != null && state.startsWith("08")) {
            reason = "connection failed (" + rootMessage(failure) + ")";
        } else {
            reason = rootMessage(failure);
        }
        return new DatabaseUnreachable(spec.displayHost(), spec.port(), spec.database(), spec.redact(reason));
    }

    /**
     * The server's message with its detail, hint and where (e.g. "COPY User, line 3, column email"); for a session
     * the server ended, who ended it as far as the server said; for a connection that was cut off, that it was.
     */
    public static String describe(Throwable failure) {
        PSQLException psql = find(failure, PSQLException.class);
        if (psql == null || psql.getServerErrorMessage() == null) {
            return closedConnection(failure) ? CLOSED : rootMessage(failure);
        }
        ServerErrorMessage m = psql.getServerErrorMessage();
        StringBuilder text = new StringBuilder(m.getMessage());
        // "Failing row contains (…)" quotes the whole row, cut short by the server: the caller names the row itself
        if (m.getDetail() != null && !m.getDetail().startsWith("Failing row contains")) {
            String detail = firstLine(m.getDetail());
            text.append("; ").append(detail.length() > 200 ? detail.substring(0, 197) + "..." : detail);
        }
        if (m.getHint() != null) text.append("; hint: ").append(m.getHint());
        if (m.getWhere() != null) text.append(" [").append(firstLine(m.getWhere())).append(']');
        String endedBy = ENDED_BY.get(m.getSQLState());
        if (endedBy != null) text.append(" (SQLSTATE ").append(m.getSQLState()).append(": ").append(endedBy).append(')');
        return text.toString();
    }

    /** The server's message alone, without the detail that quotes the row (for reports that name rows themselves). */
    public static String message(Throwable failure) {
        PSQLException psql = find(failure, PSQLException.class);
        if (psql == null || psql.getServerErrorMessage() == null) {
            return closedConnection(failure) ? CLOSED : rootMessage(failure);
        }
        return firstLine(psql.getServerErrorMessage().getMessage());
    }

    /** Said of a connection that went away without the server saying why (the driver read the end of the stream). */
    static final String CLOSED = "the connection to the database server was closed (by the server, or the network"
            + " between: an administrator's pg_terminate_backend, a server restart or crash, a proxy's timeout; the"
            + " server's log says which)";

    /** The SQLSTATEs with which the server ends a session, and who does so. */
    private static final java.util.Map<String, String> ENDED_BY = java.util.Map.of(
            "57P01", "the server ended this session on an administrator's command: pg_terminate_backend or a shutdown",
            "57P02", "the server ended this session because another server process crashed",
            "57P03", "the server is starting up or shutting down",
            "57P05", "the server ended this session after its idle_session_timeout",
            "25P03", "the server ended this session after its idle_in_transaction_session_timeout");

    /** Whether the failure is the connection going away: end of stream, a reset socket, SQLSTATE class 08. */
    public static boolean closedConnection(Throwable failure) {
        if (find(failure, java.io.EOFException.class) != null || find(failure, java.net.SocketException.class) != null) {
            return true;
        }
        String state = sqlState(failure);
        return state != null && state.startsWith("08");
    }

    public static String sqlState(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        return sql == null ? null : sql.getSQLState();
    }

    private static String serverText(SQLException sql) {
        if (sql instanceof PSQLException p && p.getServerErrorMessage() != null) return p.getServerErrorMessage().getMessage();
        return sql.getMessage();
    }

    /** The innermost message; never an exception's class name, which says nothing to a person. */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        for (Throwable t = root; t != null; t = t == failure ? null : parentOf(failure, t)) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return firstLine(t.getMessage());
        }
        return "the driver gave no reason";
    }

    /** The throwable whose cause is {@code child} in {@code failure}'s chain, or null. */
    private static Throwable parentOf(Throwable failure, Throwable child) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getCause() == child) return t;
        }
        return null;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}
