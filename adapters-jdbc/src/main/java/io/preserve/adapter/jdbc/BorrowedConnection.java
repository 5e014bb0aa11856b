package io.preserve.adapter.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection borrowed from an application's pool, given back as it was found. For as long as preserve holds it, the
 * dialect's {@link Session} has set it up (PostgreSQL: the schema first on the search path; MySQL: the database); on
 * {@link Connection#close()} a transaction left open is rolled back, the session puts back what it changed, then
 * auto-commit, read-only and the isolation level go back to what they were and the connection goes back to the pool
 * (aborted first if any of that failed: the pool drops it).
 * Session-level state is all a pool keeps between borrowers. Dialect-neutral: each dialect's session lives with its
 * own classes.
 */
public final class BorrowedConnection implements InvocationHandler {
    /** What a dialect sets on a borrowed connection before preserve uses it. */
    public interface Session {
        /**
         * Reads what it is about to change (and anything preserve's statements change later), sets the connection up,
         * and returns how to put it all back. Runs in auto-commit mode.
         */
        Restore setUp(Connection connection) throws SQLException;
    }

    /** Puts back what {@link Session#setUp} read; runs in auto-commit mode, after any open transaction is rolled back. */
    public interface Restore {
        void putBack(Connection connection) throws SQLException;
    }

    private final Connection connection;
    private final Restore restore;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final int isolation;
    private boolean closed;

    private BorrowedConnection(Connection connection, Restore restore, boolean autoCommit, boolean readOnly, int isolation) {
        this.connection = connection;
        this.restore = restore;
        this.autoCommit = autoCommit;
        this.readOnly = readOnly;
        this.isolation = isolation;
    }

    /** {@code connection}, set up by {@code session}; closed (given back) if that fails. */
    public static Connection wrap(Connection connection, Session session) throws SQLException {
        try {
            boolean autoCommit = connection.getAutoCommit();
            boolean readOnly = connection.isReadOnly();
            int isolation = connection.getTransactionIsolation();
            if (!autoCommit) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            Restore restore = session.setUp(connection);
            if (!autoCommit) connection.setAutoCommit(false);
            var handler = new BorrowedConnection(connection, restore, autoCommit, readOnly, isolation);
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

    /**
     * Puts the session back and gives the connection back. If putting it back fails, the connection is aborted first:
     * the pool then finds it dead and drops it, where the application would otherwise get a connection still set up
     * as preserve left it (its foreign-key checks off, another database current).
     */
    private void giveBack() throws SQLException {
        if (closed) return;
        closed = true;
        boolean asFound = false;
        try {
            if (!connection.isClosed()) {
                if (!connection.getAutoCommit()) connection.rollback();
                connection.setAutoCommit(true);
                restore.putBack(connection);
                connection.setAutoCommit(autoCommit);
                connection.setReadOnly(readOnly);
                connection.setTransactionIsolation(isolation);
            }
            asFound = true;
        } finally {
            if (asFound) {
                connection.close();
            } else {
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException | RuntimeException e) {
                    // closed already, or a driver without abort: closing is all there is
                }
                try {
                    connection.close();
                } catch (SQLException | RuntimeException e) {
                    // an aborted connection may refuse to close: what failed to be put back is the error to tell
                }
            }
        }
    }
}
