package io.preserve.adapter.jdbc.mysql;

import org.jooq.DSLContext;
import org.jooq.Query;
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

    private Statements(Connection connection, SQLDialect dialect) {
        this.connection = connection;
        this.dsl = DSL.using(dialect, settings());
    }

    /** For the server {@code connection} reaches: MariaDB or MySQL, as its version says. */
    static Statements on(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductVersion();
        boolean maria = product != null && product.toLowerCase(java.util.Locale.ROOT).contains("mariadb");
        return new Statements(connection, maria ? SQLDialect.MARIADB : SQLDialect.MYSQL);
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
        PreparedStatement statement = connection.prepareStatement(dsl.render(query));
        bind(statement, dsl.extractBindValues(query));
        return statement;
    }

    static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
    }

    long execute(Query query) throws SQLException {
        try (PreparedStatement statement = prepare(query)) {
            return statement.executeLargeUpdate();
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
    }
}
