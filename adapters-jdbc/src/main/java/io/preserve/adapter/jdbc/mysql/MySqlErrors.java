package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.DatabaseUnreachable;

import java.sql.SQLException;

/** Turns MariaDB Connector/J's and the server's errors into one-line, password-free explanations. */
final class MySqlErrors {
    /** ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK: another session holds what a restore needs. */
    static final int LOCK_WAIT_TIMEOUT = 1205;
    static final int DEADLOCK = 1213;

    private MySqlErrors() {
    }

    static DatabaseUnreachable unreachable(ConnectionSpec spec, Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        int code = sql == null ? 0 : sql.getErrorCode();
        String reason;
        if (find(failure, java.net.UnknownHostException.class) != null) {
            reason = "cannot resolve host " + spec.displayHost() + " (no such host name: check the URL's host)";
        } else if (code == 1049) {
            reason = "the database does not exist";
        } else if (code == 1045 || code == 1698) {
            reason = "login failed for user '" + spec.user() + "' (" + message(failure) + ")";
        } else if (code == 1044) {
            reason = "user '" + spec.user() + "' may not use this database (" + message(failure) + ")";
        } else {
            reason = "connection failed (" + message(failure) + ")";
        }
        return new DatabaseUnreachable(spec.displayHost(), spec.port(), spec.database(), redact(spec, reason));
    }

    /** The server's or the driver's message, one line, without the driver's "(conn=N)" prefix; never the password. */
    static String describe(ConnectionSpec spec, Throwable failure) {
        return redact(spec, message(failure));
    }

    static String message(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        Throwable source = sql != null ? sql : failure;
        String text = source.getMessage();
        if (text == null || text.isBlank()) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            text = root.getMessage() == null ? "the driver gave no reason" : root.getMessage();
        }
        text = text.replaceFirst("^\\(conn=\\d+\\)\\s*", "");
        int newline = text.indexOf('\n');
        if (newline >= 0) text = text.substring(0, newline);
        return text.strip();
    }

    static int code(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        return sql == null ? 0 : sql.getErrorCode();
    }

    private static String redact(ConnectionSpec spec, String text) {
        String password = spec.login().getProperty("password");
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }
}
