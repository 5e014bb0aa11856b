package io.preserve.adapter.jdbc.mysql;

import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * jOOQ renders, JDBC runs: every statement of the MySQL path is built with jOOQ's DSL (identifiers through
 * {@link DSL#name}, values as bind values), rendered for MySQL or MariaDB, and executed on the session's own
 * connection, so that streaming, fetch sizes and transactions stay as the session sets them. Nothing here splices
 * text into SQL.
 */
final class Statements {
    static {
        // jOOQ prints a banner and tips on first use unless told not to
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final DSLContext dsl;
    private final Connection connection;
    private final MySqlDriver driver;
    /**
     * Whether the connection counts found rows rather than changed ones: the default of both drivers
     * ({@code useAffectedRows=false}), so an application's pool; preserve's own connections count changed rows.
     */
    private final boolean foundRows;

    /**
     * Starts jOOQ's first use (~0.3 s of class loading and initialisation, measured) on a thread of its own, so that it
     * runs while the first connection opens instead of after it. Harmless if a statement needs jOOQ sooner: the JVM
     * lets it wait for the classes being initialised.
     */
    static void warmUp() {
        Thread thread = new Thread(() -> {
            try {
                DSL.using(SQLDialect.MARIADB, settings()).render(DSL.select(DSL.field(DSL.name("c")))
                        .from(DSL.table(DSL.name("s", "t")).as("t")).where(DSL.field(DSL.name("t", "c")).isNotNull()));
            } catch (RuntimeException ignored) {
                // only a head start: the session renders its own statements anyway
            }
        }, "preserve-jooq-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static Settings settings() {
        return new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS)
                .withParamType(ParamType.INDEXED).withRenderFormatted(false).withExecuteLogging(false);
    }

    private Statements(Connection connection, MySqlDriver driver, SQLDialect dialect, boolean foundRows) {
        this.connection = connection;
        this.driver = driver;
        this.dsl = DSL.using(dialect, settings());
        this.foundRows = foundRows;
    }

    /**
     * For the server {@code connection} reaches: MariaDB or MySQL, as its version says; through MariaDB's or MySQL's
     * Connector/J (a borrowed connection of another driver was refused before: {@link MySqlBorrowed#describe}).
     */
    static Statements on(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductVersion();
        boolean maria = product != null && product.toLowerCase(java.util.Locale.ROOT).contains("mariadb");
        MySqlDriver driver = MySqlDriver.of(connection);
        if (driver == null) throw new SQLException("the connection is neither MariaDB Connector/J's nor MySQL Connector/J's");
        return new Statements(connection, driver, maria ? SQLDialect.MARIADB : SQLDialect.MYSQL, driver.countsFoundRows(connection));
    }

    MySqlDriver driver() {
        return driver;
    }

    DSLContext dsl() {
        return dsl;
    }

    Connection connection() {
        return connection;
    }

    String sql(Query query) {
        return dsl.render(query);
    }

    /** The statement, prepared with its bind values set. */
    PreparedStatement prepare(Query query) throws SQLException {
        PreparedStatement statement = driver.prepare(connection, dsl.render(query));
        bind(statement, dsl.extractBindValues(query));
        return statement;
    }

    /** A statement of text rendered here ({@link #sql}), prepared as {@link MySqlDriver#prepare} says. */
    PreparedStatement prepare(String renderedSql) throws SQLException {
        return driver.prepare(connection, renderedSql);
    }

    static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
    }

    long execute(Query query) throws SQLException {
        try (PreparedStatement statement = prepare(query)) {
            return statement.executeLargeUpdate();
        }
    }

    /**
     * The {@code ON DUPLICATE KEY UPDATE} of an insert that keeps the live row on a clash: {@code column = column},
     * which changes nothing. On a connection that counts found rows, where such a row counts 1, it also counts the
     * clash in a user variable of ours, for {@link #insertKeeping} to take off.
     */
    QueryPart keepOnClash(org.jooq.Field<?> column) {
        if (!foundRows) return DSL.sql("{0} = {0}", column);
        return DSL.sql("{0} = IF((@preserve_kept := @preserve_kept + 1) > 0, {0}, {0})", column);
    }

    /** Runs an insert whose ON DUPLICATE KEY UPDATE is {@link #keepOnClash}: the rows it inserted, clashes not counted. */
    long insertKeeping(Query insert) throws SQLException {
        if (!foundRows) return execute(insert);
        session("SET @preserve_kept = 0");
        try {
            long counted = execute(insert);
            return counted - number(dsl.resultQuery("SELECT @preserve_kept"));
        } finally {
            session("SET @preserve_kept = NULL");
        }
    }

    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    <T> List<T> query(ResultQuery<?> query, Row<T> mapper) throws SQLException {
        try (PreparedStatement statement = prepare(query); ResultSet rows = statement.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rows.next()) out.add(mapper.map(rows));
            return out;
        }
    }

    long number(ResultQuery<?> query) throws SQLException {
        List<Long> one = query(query, r -> r.getLong(1));
        return one.isEmpty() ? 0 : one.get(0);
    }

    /** A session statement of MySQL's own ({@code SET …}, {@code START TRANSACTION …}) with no identifier and no value. */
    void session(String fixedStatement) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(fixedStatement);
        }
        if (fixedStatement.contains("sql_mode")) driver.followSqlMode(connection);
    }
}
