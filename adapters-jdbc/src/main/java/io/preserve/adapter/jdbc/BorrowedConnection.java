package io.preserve.adapter.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection borrowed from an application's pool, given back as it was found. For as long as preserve holds it,
 * the schema is first on its search path and {@code standard_conforming_strings} is on (what a connection preserve
 * opens itself gets from its start-up options); on {@link Connection#close()} the two settings, auto-commit,
 * read-only and the isolation level go back to what they were, then the connection goes back to the pool. A
 * transaction left open is rolled back first. Session-level state is all a pool keeps between borrowers; preserve's
 * other settings are transaction-local ({@code set_config(…, true)}, {@code SET LOCAL}) and its session advisory
 * lock is released by the session that took it.
 */
final class BorrowedConnection implements InvocationHandler {
    private final Connection connection;
    private final String searchPath;
    private final String conformingStrings;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final int isolation;
    private boolean closed;

    private BorrowedConnection(Connection connection, String searchPath, String conformingStrings, boolean autoCommit,
                               boolean readOnly, int isolation) {
        this.connection = connection;
        this.searchPath = searchPath;
        this.conformingStrings = conformingStrings;
        this.autoCommit = autoCommit;
        this.readOnly = readOnly;
        this.isolation = isolation;
    }

    /** {@code connection}, set up for {@code schema}; closed (given back) if that fails. */
    static Connection wrap(Connection connection, String schema) throws SQLException {
        try {
            boolean autoCommit = connection.getAutoCommit();
            boolean readOnly = connection.isReadOnly();
            int isolation = connection.getTransactionIsolation();
            if (!autoCommit) connection.rollback();
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
            if (!autoCommit) connection.commit();
            var handler = new BorrowedConnection(connection, was[0], was[1], autoCommit, readOnly, isolation);
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
            giveBack();
            return null;
        }
        if (method.getName().equals("isClosed") && method.getParameterCount() == 0 && closed) return true;
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void giveBack() throws SQLException {
        if (closed) return;
        closed = true;
        try {
            if (!connection.isClosed()) {
                if (!connection.getAutoCommit()) connection.rollback();
                connection.setAutoCommit(true);
                try (var reset = connection.prepareStatement("SELECT pg_catalog.set_config('search_path', ?, false),"
                        + " pg_catalog.set_config('standard_conforming_strings', ?, false)")) {
                    reset.setString(1, searchPath);
                    reset.setString(2, conformingStrings);
                    reset.executeQuery().close();
                }
                connection.setAutoCommit(autoCommit);
                connection.setReadOnly(readOnly);
                connection.setTransactionIsolation(isolation);
            }
        } finally {
            connection.close();
        }
    }
}
