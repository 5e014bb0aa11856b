package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.ShadowMark;
import io.preserve.domain.error.ReplayImpossible;
import io.preserve.domain.error.RestoreFailed;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

/**
 * The shadow databases' lifecycle on a MySQL/MariaDB server ({@link MySqlShadow} works in one): created with the live
 * database's defaults and marked, or given and checked empty; the leftovers of killed runs swept; dropped or emptied
 * again at the end. A MySQL database is its one schema: "empty" counts its tables, views, routines and events.
 */
final class MySqlShadowDatabases {
    /** A character set's or collation's name, as the catalog prints it. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");

    private MySqlShadowDatabases() {
    }

    /**
     * A new database {@code preserve_shadow_…} on {@code live}'s server, with its character set and collation and
     * {@link ShadowMark}'s mark as its comment; the leftovers of killed runs dropped first (their names added to
     * {@code swept}).
     */
    static MySqlDatabase create(MySqlDatabase live, List<String> swept) {
        String name = ShadowMark.PREFIX + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = live.connection()) {
            Statements sql = Statements.on(c);
            swept.addAll(sweep(sql));
            List<String[]> charset = sql.query(select(field(name("DEFAULT_CHARACTER_SET_NAME")), field(name("DEFAULT_COLLATION_NAME")))
                    .from(table(name("information_schema", "SCHEMATA"))).where(field(name("SCHEMA_NAME"), String.class)
                            .eq(live.spec().schema())), r -> new String[] {r.getString(1), r.getString(2)});
            // the live database's defaults, so that a migration's CREATE TABLE without a character set gets the same
            String defaults = charset.isEmpty() || !WORD.matcher(charset.get(0)[0]).matches() || !WORD.matcher(charset.get(0)[1]).matches()
                    ? "" : " CHARACTER SET " + charset.get(0)[0] + " COLLATE " + charset.get(0)[1];
            String create = "CREATE DATABASE {0}" + defaults;
            var mark = ShadowMark.of(live.spec().database(), java.time.Instant.now());
            try {
                sql.execute(mark.isPresent() ? sql.dsl().query(create + " COMMENT {1}", name(name), inline(mark.get()))
                        : sql.dsl().query(create, name(name)));
            } catch (SQLException e) {
                // MySQL (and MariaDB before 10.5) has no schema comment: the shadow goes without its mark
                if (mark.isEmpty() || e.getErrorCode() != 1064) throw e;
                sql.execute(sql.dsl().query(create, name(name)));
            }
        } catch (SQLException e) {
            int code = MySqlErrors.code(e);
            String why = code == 1044 || code == 1142 || code == 1227
                    ? "user " + live.spec().user() + " may not create databases (CREATE privilege), and a temporary shadow database"
                    + " is needed (it needs CREATE and DROP on databases named preserve_shadow_…, e.g. GRANT ALL ON"
                    + " `preserve\\_shadow\\_%`.* TO " + live.spec().user() + ")"
                    : "cannot create a temporary shadow database: " + MySqlErrors.describe(live.spec(), e);
            throw new ReplayImpossible(why + "; give an empty one with --shadow-database-url or SHADOW_DATABASE_URL");
        }
        return MySqlDatabase.direct(live.spec().withDatabase(name));
    }

    /** The database given, checked to be empty; {@code opened} is told of it. */
    static MySqlDatabase given(MySqlDatabase live, ConnectionSpec given, Consumer<MySqlDatabase> opened) {
        if (given.dialect() != ConnectionSpec.Dialect.MYSQL) {
            throw new ReplayImpossible("the shadow database " + given.target() + " is not a MySQL/MariaDB database; the live one is");
        }
        if (given.target().equals(live.spec().target())) {
            throw new ReplayImpossible("the shadow database is the database being restored (" + given.target() + ")");
        }
        MySqlDatabase database = MySqlDatabase.direct(given);
        opened.accept(database);
        try (Connection c = database.connection()) {
            long objects = objects(Statements.on(c), given.schema());
            if (objects > 0) {
                throw new ReplayImpossible("the shadow database " + given.target() + " is not empty (it holds " + objects
                        + " tables, views, routines or events); Preserve replays only into an empty one");
            }
        } catch (SQLException e) {
            throw new ReplayImpossible("cannot use the shadow database " + given.target() + ": " + MySqlErrors.describe(given, e));
        }
        return database;
    }

    private static long objects(Statements sql, String schema) throws SQLException {
        long tables = sql.number(org.jooq.impl.DSL.selectCount().from(table(name("information_schema", "TABLES")))
                .where(field(name("TABLE_SCHEMA"), String.class).eq(schema)));
        long routines = sql.number(org.jooq.impl.DSL.selectCount().from(table(name("information_schema", "ROUTINES")))
                .where(field(name("ROUTINE_SCHEMA"), String.class).eq(schema)));
        long events = sql.number(org.jooq.impl.DSL.selectCount().from(table(name("information_schema", "EVENTS")))
                .where(field(name("EVENT_SCHEMA"), String.class).eq(schema)));
        return tables + routines + events;
    }

    /**
     * Drops the shadows this user can see whose mark names this machine and a process that has ended, and that no
     * session of the server uses; returns their names. Never fails the run: sweeping is a courtesy.
     */
    private static List<String> sweep(Statements sql) {
        List<String> dropped = new ArrayList<>();
        try {
            List<String[]> found = sql.query(select(field(name("SCHEMA_NAME")), field(name("SCHEMA_COMMENT")))
                    .from(table(name("information_schema", "SCHEMATA")))
                    .where(field(name("SCHEMA_NAME"), String.class).like(ShadowMark.PREFIX.replace("_", "\\_") + "%")),
                    r -> new String[] {r.getString(1), r.getString(2)});
            for (String[] leftover : found) {
                if (!ShadowMark.leftOver(leftover[1])) continue;
                long sessions = sql.number(org.jooq.impl.DSL.selectCount().from(table(name("information_schema", "PROCESSLIST")))
                        .where(field(name("DB"), String.class).eq(leftover[0])));
                if (sessions > 0) continue;
                try {
                    sql.execute(sql.dsl().query("DROP DATABASE IF EXISTS {0}", name(leftover[0])));
                    dropped.add(leftover[0]);
                } catch (SQLException e) {
                    // not ours to drop after all: left as it is
                }
            }
        } catch (SQLException e) {
            // no SCHEMA_COMMENT (MySQL), or the catalog could not be read: nothing swept, the replay goes on
        }
        return dropped;
    }

    /** Drops the database Preserve created, or empties the one given; whatever else failed, this is tried. */
    static void remove(MySqlDatabase live, MySqlDatabase shadow, boolean created) {
        shadow.stopAll();
        // a session of its own: the command's may have been stopped (a signal), and the shadow must go all the same
        ConnectionSpec where = created ? live.spec() : shadow.spec();
        try (Connection c = MySqlDatabase.open(where)) {
            Statements sql = Statements.on(c);
            // a statement of a stopped session runs on in the server until it ends: ended here, so nothing holds the shadow
            List<Long> sessions = sql.query(select(field(name("ID"))).from(table(name("information_schema", "PROCESSLIST")))
                    .where(field(name("DB"), String.class).eq(shadow.spec().schema()))
                    .and(field(name("ID")).ne(org.jooq.impl.DSL.field("CONNECTION_ID()"))), r -> r.getLong(1));
            for (long id : sessions) {
                try {
                    sql.execute(sql.dsl().query("KILL CONNECTION {0}", inline(id)));
                } catch (SQLException e) {
                    // ended meanwhile
                }
            }
            if (created) {
                sql.execute(sql.dsl().query("DROP DATABASE IF EXISTS {0}", name(shadow.spec().database())));
            } else {
                empty(sql, shadow.spec().schema());
            }
        } catch (SQLException | RuntimeException e) {
            throw new RestoreFailed("the shadow database " + shadow.spec().target() + " could not be "
                    + (created ? "dropped" : "emptied") + ": " + MySqlErrors.describe(where, e));
        }
    }


    /** Drops every table, view, sequence, routine and event of the given shadow (triggers go with their tables). */
    private static void empty(Statements sql, String schema) throws SQLException {
        var tables = table(name("information_schema", "TABLES"));
        List<String[]> all = sql.query(select(field(name("TABLE_NAME")), field(name("TABLE_TYPE"))).from(tables)
                .where(field(name("TABLE_SCHEMA"), String.class).eq(schema)), r -> new String[] {r.getString(1), r.getString(2)});
        sql.session("SET SESSION foreign_key_checks = 0");
        for (String[] t : all) {
            String what = switch (t[1]) {
                case "VIEW", "SYSTEM VIEW" -> "VIEW";
                case "SEQUENCE" -> "SEQUENCE";
                default -> "TABLE";
            };
            sql.execute(sql.dsl().query("DROP " + what + " IF EXISTS {0}", name(schema, t[0])));
        }
        List<String[]> routines = sql.query(select(field(name("ROUTINE_NAME")), field(name("ROUTINE_TYPE")))
                .from(table(name("information_schema", "ROUTINES"))).where(field(name("ROUTINE_SCHEMA"), String.class).eq(schema)),
                r -> new String[] {r.getString(1), r.getString(2)});
        for (String[] r : routines) {
            sql.execute(sql.dsl().query("DROP " + ("FUNCTION".equals(r[1]) ? "FUNCTION" : "PROCEDURE") + " IF EXISTS {0}", name(schema, r[0])));
        }
        List<String> events = sql.query(select(field(name("EVENT_NAME"))).from(table(name("information_schema", "EVENTS")))
                .where(field(name("EVENT_SCHEMA"), String.class).eq(schema)), r -> r.getString(1));
        for (String e : events) sql.execute(sql.dsl().query("DROP EVENT IF EXISTS {0}", name(schema, e)));
    }
}
