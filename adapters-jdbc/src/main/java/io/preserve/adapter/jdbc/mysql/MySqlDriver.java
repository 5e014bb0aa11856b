package io.preserve.adapter.jdbc.mysql;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The JDBC driver a connection comes from, and the few things the adapters need of it that JDBC does not say: how
 * affected rows are counted, whether it may send a {@code LOAD DATA LOCAL} stream and how to hand it one, and how a
 * read streams. MariaDB Connector/J is preserve's own (a compile dependency); MySQL Connector/J, an application's pool
 * only, is reached by reflection ({@link ConnectorJ}, loaded only for such a connection).
 */
enum MySqlDriver {
    /** MariaDB Connector/J ({@code org.mariadb.jdbc:mariadb-java-client}): the command line's connections, and pools on it. */
    MARIADB("allowLocalInfile") {
        @Override
        boolean countsFoundRows(Connection connection) throws SQLException {
            return !conf(connection).useAffectedRows();
        }

        @Override
        boolean sendsLocalFiles(Connection connection) throws SQLException {
            return conf(connection).allowLocalInfile();
        }

        @Override
        void localInfile(Connection connection, Statement statement, InputStream rows) throws SQLException {
            statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(rows);
        }

        /** The driver reads a result in batches of this many rows when given a fetch size. */
        @Override
        int streamingFetchSize() {
            return 1000;
        }

        /** Its getString is the server's text for every type; its getBytes refuses numbers. */
        @Override
        boolean textAsSent() {
            return false;
        }

        /** Client-side unless the pool set {@code useServerPrepStmts}: the rows come as text either way (tested so). */
        @Override
        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            return connection.prepareStatement(sql);
        }

        /** It follows the server's NO_BACKSLASH_ESCAPES flag, sent with every answer. */
        @Override
        String boundSqlMode(Connection connection) {
            return null;
        }

        @Override
        void boundSqlMode(Connection connection, String mode) {
            // nothing to tell
        }

        private org.mariadb.jdbc.Configuration conf(Connection connection) throws SQLException {
            return connection.unwrap(org.mariadb.jdbc.Connection.class).getContext().getConf();
        }
    },
    /** MySQL Connector/J ({@code com.mysql:mysql-connector-j}): an application's pool. */
    CONNECTOR_J("allowLoadLocalInfile") {
        @Override
        boolean countsFoundRows(Connection connection) throws SQLException {
            return !ConnectorJ.flag(connection, "useAffectedRows");
        }

        @Override
        boolean sendsLocalFiles(Connection connection) throws SQLException {
            return ConnectorJ.flag(connection, "allowLoadLocalInfile");
        }

        @Override
        void localInfile(Connection connection, Statement statement, InputStream rows) throws SQLException {
            ConnectorJ.localInfile(connection, statement, rows);
        }

        /**
         * Connector/J reads a whole result into memory for any other fetch size (unless the pool set
         * {@code useCursorFetch}); this one streams it, on a forward-only read-only statement, and the connection
         * runs nothing else until the result is closed.
         */
        @Override
        int streamingFetchSize() {
            return Integer.MIN_VALUE;
        }

        /**
         * Its getString reformats DECIMAL ({@code 0.000…001} as {@code 1E-30}); its getBytes hands over the text the
         * server sent, for every type of the text protocol (a TINYINT(1), which it calls BIT by default, included).
         */
        @Override
        boolean textAsSent() {
            return true;
        }

        /**
         * Always client-side: a pool with {@code useServerPrepStmts=true} (HikariCP's advice for MySQL) or
         * {@code useCursorFetch=true} would have rows come in the binary protocol, whose values the driver hands over
         * otherwise than the server prints them.
         */
        @Override
        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            return ConnectorJ.clientPrepare(connection, sql);
        }

        @Override
        String boundSqlMode(Connection connection) throws SQLException {
            return ConnectorJ.sqlMode(connection);
        }

        @Override
        void boundSqlMode(Connection connection, String mode) throws SQLException {
            ConnectorJ.sqlMode(connection, mode);
        }
    };

    /** The driver's connection property that lets it send a local file (a stream here). */
    final String localFilesProperty;

    MySqlDriver(String localFilesProperty) {
        this.localFilesProperty = localFilesProperty;
    }

    /** The driver of {@code connection} (or of what a pool's proxy wraps); null: neither of the two. */
    static MySqlDriver of(Connection connection) throws SQLException {
        if (connection.isWrapperFor(org.mariadb.jdbc.Connection.class)) return MARIADB;
        // only now is Connector/J's bridge loaded: a MariaDB connection never gets here
        return ConnectorJ.is(connection) ? CONNECTOR_J : null;
    }

    /** Whether an ON DUPLICATE KEY UPDATE that changed nothing counts 1 (found rows) rather than 0 (changed rows). */
    abstract boolean countsFoundRows(Connection connection) throws SQLException;

    /** Whether the connection may send a local file to a LOAD DATA LOCAL INFILE. */
    abstract boolean sendsLocalFiles(Connection connection) throws SQLException;

    /** Has {@code statement} send {@code rows} when its LOAD DATA LOCAL INFILE asks for the file. */
    abstract void localInfile(Connection connection, Statement statement, InputStream rows) throws SQLException;

    /** {@code sql} prepared so that its values go in the statement's text and its rows come back as text. */
    abstract PreparedStatement prepare(Connection connection, String sql) throws SQLException;

    /** The fetch size with which a forward-only, read-only statement streams its rows instead of holding them all. */
    abstract int streamingFetchSize();

    /**
     * Whether a number's, a DECIMAL's or a JSON value's text is read with {@code getBytes} (the server's bytes) rather
     * than {@code getString}.
     */
    abstract boolean textAsSent();

    /**
     * The {@code sql_mode} by which the driver escapes the values it binds into a statement's text: MySQL Connector/J
     * reads it once, when it connects, and escapes backslashes unless it has NO_BACKSLASH_ESCAPES, which preserve's
     * sessions set (a value with a backslash or a newline would then be stored with the escapes in it). Null for a
     * driver that follows the server.
     */
    abstract String boundSqlMode(Connection connection) throws SQLException;

    /** Tells the driver the session's {@code sql_mode} (after preserve set it, and when the connection is given back). */
    abstract void boundSqlMode(Connection connection, String mode) throws SQLException;

    /** After a {@code SET SESSION sql_mode}: the driver's notion of it made the server's. */
    void followSqlMode(Connection connection) throws SQLException {
        if (this == MARIADB) return;
        try (Statement s = connection.createStatement(); var r = s.executeQuery("SELECT @@SESSION.sql_mode")) {
            r.next();
            boundSqlMode(connection, r.getString(1));
        }
    }
}
