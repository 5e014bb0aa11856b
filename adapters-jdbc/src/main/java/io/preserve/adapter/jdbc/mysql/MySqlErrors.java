package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.DatabaseUnreachable;

import java.sql.SQLException;

/**
 * Turns the server's errors, and those of MariaDB's and MySQL's Connector/J (and of a pool around them), into one-line,
 * password-free explanations that name no Java exception.
 */
final class MySqlErrors {
    /** ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK: another session holds what a restore needs. */
    static final int LOCK_WAIT_TIMEOUT = 1205;
    static final int DEADLOCK = 1213;

    private MySqlErrors() {
    }

    static DatabaseUnreachable unreachable(ConnectionSpec spec, Throwable failure) {
        int code = code(failure);
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

    /**
     * The first SQL error's message, one line; where a pool's error wraps the driver's, the driver's after it in
     * parentheses; where MySQL Connector/J says only "Communications link failure", the network's reason after it.
     */
    static String message(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        Throwable source = sql != null ? sql : failure;
        String text = firstLine(source.getMessage());
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (text.isEmpty()) return firstLine(root.getMessage()).isEmpty() ? "the driver gave no reason" : firstLine(root.getMessage());
        SQLException driver = sql == null || sql.getCause() == null ? null : find(sql.getCause(), SQLException.class);
        if (driver != null) {
            String inner = message(driver);
            if (!inner.isEmpty() && !text.contains(inner)) text = text + " (" + inner + ")";
        } else if (text.equals("Communications link failure") && root != source && !firstLine(root.getMessage()).isEmpty()) {
            text = text + " (" + firstLine(root.getMessage()) + ")";
        }
        return text;
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        String text = message.replaceFirst("^\\(conn=\\d+\\)\\s*", "");
        int newline = text.indexOf('\n');
        if (newline >= 0) text = text.substring(0, newline);
        return text.strip();
    }

    /** The server's error code: the first SQL error's that has one (a pool's own error wraps the driver's). */
    static int code(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) return sql.getErrorCode();
        }
        return 0;
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
