package io.preserve.adapter.jdbc.mysql;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL Connector/J ({@code com.mysql:mysql-connector-j}, most JVM services' MySQL driver), reached by reflection: it
 * is GPL-licensed, so preserve neither ships it nor compiles against it. This class is loaded only for a connection
 * that is not MariaDB Connector/J's ({@link MySqlDriver#of}); the command line, whose connections are MariaDB's, and
 * the PostgreSQL and MariaDB Connector/J embeddings never load it (EmbedClassLoadingTest, JooqLoadingTest). It finds
 * the driver's types through the class loaders that can see them (the connection's own, the thread's, this class's),
 * and only reads the connection's settings, prepares statements client-side, keeps the driver's record of the
 * session's {@code sql_mode} true, and hands a statement its {@code LOAD DATA LOCAL} stream. Public interfaces of the
 * driver only ({@code com.mysql.cj.jdbc.JdbcConnection}, {@code JdbcStatement}, {@code conf.PropertySet},
 * {@code protocol.ServerSession}), as of 9.7.0; a version without one of them fails with an SQL error naming it.
 */
final class ConnectorJ {
    private static final String CONNECTION = "com.mysql.cj.jdbc.JdbcConnection";
    private static final String STATEMENT = "com.mysql.cj.jdbc.JdbcStatement";
    private static final String PROPERTIES = "com.mysql.cj.conf.PropertySet";
    private static final String PROPERTY = "com.mysql.cj.conf.RuntimeProperty";
    private static final String SESSION = "com.mysql.cj.Session";
    private static final String SERVER_SESSION = "com.mysql.cj.protocol.ServerSession";

    private ConnectorJ() {
    }

    /** Whether {@code connection} (or what it wraps: a pool's proxy) is a Connector/J connection. */
    static boolean is(Connection connection) throws SQLException {
        return type(connection, CONNECTION) != null;
    }

    /** A boolean connection property as the driver holds it ({@code useAffectedRows}, {@code allowLoadLocalInfile}). */
    static boolean flag(Connection connection, String property) throws SQLException {
        Class<?> type = type(connection, CONNECTION);
        if (type == null) throw new SQLException("not a MySQL Connector/J connection");
        Object driver = connection.unwrap(type);
        ClassLoader loader = type.getClassLoader();
        Object set = call(method(type, "getPropertySet"), driver);
        Object runtime = call(method(load(PROPERTIES, loader), "getBooleanProperty", String.class), set, property);
        Object value = call(method(load(PROPERTY, loader), "getValue"), runtime);
        return Boolean.TRUE.equals(value);
    }

    /**
     * The session's {@code sql_mode} as the driver believes it: read once when it connected, it decides whether the
     * driver escapes backslashes in the values it binds into a statement's text (not under NO_BACKSLASH_ESCAPES).
     */
    static String sqlMode(Connection connection) throws SQLException {
        return serverVariables(connection).get("sql_mode");
    }

    /** Tells the driver the session's {@code sql_mode} (null: as if it had read none). */
    static void sqlMode(Connection connection, String mode) throws SQLException {
        Class<?> type = type(connection, CONNECTION);
        Object serverSession = serverSession(connection, type);
        @SuppressWarnings("unchecked")
        var variables = new java.util.HashMap<String, String>((java.util.Map<String, String>)
                call(method(load(SERVER_SESSION, type.getClassLoader()), "getServerVariables"), serverSession));
        if (mode == null) variables.remove("sql_mode");
        else variables.put("sql_mode", mode);
        call(method(load(SERVER_SESSION, type.getClassLoader()), "setServerVariables", java.util.Map.class), serverSession, variables);
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, String> serverVariables(Connection connection) throws SQLException {
        Class<?> type = type(connection, CONNECTION);
        Object serverSession = serverSession(connection, type);
        return (java.util.Map<String, String>) call(method(load(SERVER_SESSION, type.getClassLoader()), "getServerVariables"), serverSession);
    }

    private static Object serverSession(Connection connection, Class<?> type) throws SQLException {
        if (type == null) throw new SQLException("not a MySQL Connector/J connection");
        Object session = call(method(type, "getSession"), connection.unwrap(type));
        return call(method(load(SESSION, type.getClassLoader()), "getServerSession"), session);
    }

    /**
     * {@code sql} prepared by the driver itself ({@code clientPrepareStatement}), whatever the pool's
     * {@code useServerPrepStmts} or {@code useCursorFetch}: its values are sent in the statement's text and its rows come
     * back in the text protocol, as the server prints them. Not tracked by the pool: the caller closes it.
     */
    static java.sql.PreparedStatement clientPrepare(Connection connection, String sql) throws SQLException {
        Class<?> type = type(connection, CONNECTION);
        if (type == null) throw new SQLException("not a MySQL Connector/J connection");
        return (java.sql.PreparedStatement) call(method(type, "clientPrepareStatement", String.class), connection.unwrap(type), sql);
    }

    /** Has {@code statement} send {@code rows} to the server's request of a {@code LOAD DATA LOCAL INFILE}. */
    static void localInfile(Connection connection, Statement statement, InputStream rows) throws SQLException {
        Class<?> type = type(connection, STATEMENT, statement);
        if (type == null) throw new SQLException("not a MySQL Connector/J statement");
        call(method(type, "setLocalInfileInputStream", InputStream.class), statement.unwrap(type), rows);
    }

    private static Class<?> type(Connection connection, String name) throws SQLException {
        return type(connection, name, connection);
    }

    /** The driver's type {@code name}, if {@code wrapper} is or wraps one; else null. */
    private static Class<?> type(Connection connection, String name, java.sql.Wrapper wrapper) throws SQLException {
        for (ClassLoader loader : loaders(connection)) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError absent) {
                continue;
            }
            if (wrapper.isWrapperFor(type)) return type;
        }
        return null;
    }

    private static List<ClassLoader> loaders(Connection connection) {
        List<ClassLoader> loaders = new ArrayList<>();
        try {
            // a pool's proxy hands over the driver's own connection for java.sql.Connection itself (HikariCP does)
            Object inner = connection.unwrap(Connection.class);
            if (inner != null) loaders.add(inner.getClass().getClassLoader());
        } catch (SQLException | RuntimeException notUnwrapped) {
            // the other loaders may still see the driver
        }
        loaders.add(Thread.currentThread().getContextClassLoader());
        loaders.add(ConnectorJ.class.getClassLoader());
        loaders.removeIf(java.util.Objects::isNull);
        return loaders;
    }

    private static Class<?> load(String name, ClassLoader loader) throws SQLException {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new SQLException("MySQL Connector/J has no " + name + ": a version preserve does not know", e);
        }
    }

    private static Object call(Method method, Object target, Object... args) throws SQLException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            throw new SQLException("MySQL Connector/J's " + method.getName() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException("MySQL Connector/J's " + method.getName() + " cannot be called: " + e.getMessage(), e);
        }
    }

    /** {@link Class#getMethod} with the driver's absence of it as an SQLException (another version of the driver). */
    private static Method method(Class<?> type, String name, Class<?>... parameters) throws SQLException {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new SQLException("MySQL Connector/J's " + type.getSimpleName() + " has no " + name + ": a version preserve does not know", e);
        }
    }
}
