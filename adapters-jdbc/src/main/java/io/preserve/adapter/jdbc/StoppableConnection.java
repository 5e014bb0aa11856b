package io.preserve.adapter.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection that can be stopped from another thread (a signal handler) with an exact answer to one question:
 * did anything get committed? {@link #stop()} closes the socket at once, so the server rolls back the open
 * transaction; a {@code commit()} under way is let finish first and reported, and one not yet begun is refused.
 * Everything else goes straight to the driver's connection ({@code unwrap} included).
 */
final class StoppableConnection implements InvocationHandler {
    /** How long {@link #stop()} waits for a commit under way to finish. */
    private static final long COMMIT_WAIT_MILLIS = 30_000;

    private final Connection connection;
    private boolean stopped;
    private boolean committing;
    private boolean committed;

    private StoppableConnection(Connection connection) {
        this.connection = connection;
    }

    /** The connection to hand out, and the handle to stop it by. */
    static Stoppable wrap(Connection connection) {
        StoppableConnection handler = new StoppableConnection(connection);
        Connection proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return new Stoppable(proxy, handler);
    }

    record Stoppable(Connection connection, StoppableConnection handle) {
    }

    /**
     * Closes the connection now, unless a commit went through first.
     *
     * @return true if nothing this connection did was committed (its transaction is rolled back by the server)
     */
    boolean stop() {
        synchronized (this) {
            stopped = true;
            long until = System.currentTimeMillis() + COMMIT_WAIT_MILLIS;
            while (committing && System.currentTimeMillis() < until) {
                try {
                    wait(until - System.currentTimeMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (committed || committing) return false;
        }
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // closing the socket is all abort does; a connection already gone has nothing left to roll back
        }
        return true;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        boolean commit = method.getName().equals("commit") && method.getParameterCount() == 0;
        if (commit) {
            synchronized (this) {
                if (stopped) throw new SQLException("interrupted before the commit: the transaction was rolled back", "57014");
                committing = true;
            }
        }
        try {
            Object result = method.invoke(connection, args);
            if (commit) {
                synchronized (this) {
                    committed = true;
                }
            }
            return result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (commit) {
                synchronized (this) {
                    committing = false;
                    notifyAll();
                }
            }
        }
    }
}
