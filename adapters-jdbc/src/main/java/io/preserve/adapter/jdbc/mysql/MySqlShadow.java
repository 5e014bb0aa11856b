package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.MigrationHistories;
import io.preserve.adapter.jdbc.ShadowMark;
import io.preserve.domain.error.MigrationFailed;
import io.preserve.domain.error.ReplayImpossible;
import io.preserve.domain.error.RestoreFailed;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.ReadMigrationsPort;
import io.preserve.domain.port.out.ShadowDatabase;
import io.preserve.domain.port.out.WriteDatabasePort;
import org.jooq.Condition;
import org.jooq.Field;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

/**
 * The shadow database of a MySQL/MariaDB replay: a database {@code preserve_shadow_…} Preserve creates on the live
 * database's server, with its character set and collation (dropped on close), or one given (emptied again on close: it
 * must be empty to start with). MySQL's DDL commits implicitly, so each migration runs here statement by statement
 * outside any transaction, as the tools run them on MySQL: a failure leaves only this shadow half-migrated. Columns
 * kept for renames wait in tables {@code preserve_kept_…} of the shadow itself (a MySQL database is its one schema),
 * which {@link #carry} drops, so that the shadow holds only the application's tables when its rows are restored.
 * <p>
 * A shadow Preserve creates carries {@link ShadowMark}'s mark as its schema comment ({@code CREATE DATABASE … COMMENT},
 * MariaDB 10.5 and later), so that a later replay on the same machine drops it if this process is killed before it
 * can. MySQL has no schema comment: there the database is created without one, and a killed run's shadow is left to
 * be dropped by hand.
 */
final class MySqlShadow implements ShadowDatabase {
    private static final String KEPT = "preserve_kept_";
    /** The history tables' column types as information_schema.COLUMNS prints them: no quote, semicolon or comment. */
    private static final Pattern PLAIN_TYPE = Pattern.compile("[a-z][a-z0-9_ ]*(\\(\\d+(,\\d+)?\\))?[a-z ]*");
    /** A character set's or collation's name, as the catalog prints it. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");

    private final MySqlDatabase live;
    private final MySqlDatabase shadow;
    private final Function<MigrationHistories, ReadMigrationsPort> migrations;
    private final boolean created;
    private final Map<String, List<String>> keys = new HashMap<>();
    private final Map<String, String> kept = new HashMap<>();
    private final List<String> cleared = new ArrayList<>();

    private MySqlShadow(MySqlDatabase live, MySqlDatabase shadow, Function<MigrationHistories, ReadMigrationsPort> migrations,
                        boolean created) {
        this.live = live;
        this.shadow = shadow;
        this.migrations = migrations;
        this.created = created;
    }

    /**
     * A new database on {@code live}'s server, or {@code given}; {@code migrations} reads the project's migrations with a
     * database's history; {@code opened} is told of the shadow, to stop its sessions on a signal.
     */
    static MySqlShadow open(MySqlDatabase live, ConnectionSpec given, Function<MigrationHistories, ReadMigrationsPort> migrations,
                            Consumer<MySqlDatabase> opened) {
        if (given != null) return given(live, given, migrations, opened);
        String name = ShadowMark.PREFIX + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> swept;
        try (Connection c = live.connection()) {
            Statements sql = Statements.on(c);
            swept = sweep(sql);
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
        MySqlDatabase database = MySqlDatabase.direct(live.spec().withDatabase(name));
        opened.accept(database);
        MySqlShadow made = new MySqlShadow(live, database, migrations, true);
        made.cleared.addAll(swept);
        return made;
    }

    private static MySqlShadow given(MySqlDatabase live, ConnectionSpec given, Function<MigrationHistories, ReadMigrationsPort> migrations,
                                     Consumer<MySqlDatabase> opened) {
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
        return new MySqlShadow(live, database, migrations, false);
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

    @Override
    public List<String> cleared() {
        return List.copyOf(cleared);
    }

    @Override
    public String display() {
        return shadow.spec().target();
    }

    /**
     * The history table with the snapshot's column types (information_schema's COLUMN_TYPE, as the tool created them),
     * its rows read from the snapshot's text and inserted with multi-row INSERTs (a history is a few hundred rows).
     */
    @Override
    public void loadHistory(TableSchema table, InputStream rows) {
        try (Connection c = shadow.connection()) {
            Statements sql = Statements.on(c);
            sql.session("SET SESSION time_zone = '+00:00'");
            List<String> columns = new ArrayList<>();
            for (var column : table.columns()) {
                String type = PLAIN_TYPE.matcher(column.type()).matches() ? column.type() : "longtext";
                columns.add(sql.dsl().render(name(column.name())) + " " + type);
            }
            var into = table(name(shadow.spec().schema(), table.ref().name()));
            // the types are checked to be plain type names (PLAIN_TYPE) and the names rendered by jOOQ
            sql.execute(sql.dsl().query("CREATE TABLE {0} (" + String.join(", ", columns) + ")", into));
            List<Field<?>> fields = table.columns().stream().<Field<?>>map(col -> field(name(col.name()))).toList();
            List<ValueKind> kinds = table.columns().stream().map(col -> ValueKind.of(col.type())).toList();
            try (MultiRowInsert insert = new MultiRowInsert(sql, into, fields)) {
                RowText.Reader reader = new RowText.Reader(rows, fields.size());
                for (String[] row = reader.next(); row != null; row = reader.next()) {
                    Object[] values = new Object[row.length];
                    long size = 0;
                    for (int i = 0; i < row.length; i++) {
                        values[i] = kinds.get(i).bound(row[i]);
                        size += row[i] == null ? 1 : row[i].length();
                    }
                    insert.add(values, size);
                }
                insert.finish();
            }
        } catch (SQLException | IOException e) {
            throw new ReplayImpossible("cannot read the snapshot's " + table.ref().name() + ": " + MySqlErrors.describe(shadow.spec(), e));
        }
    }

    @Override
    public MigrationState migrations(MigrationQuery query) {
        return migrations.apply(shadow.histories()).read(query);
    }

    /**
     * Runs the statements one by one as written, in one session with autocommit, as Prisma and Flyway run a migration
     * on MySQL: its DDL commits implicitly, so there is no transaction to roll back. When a statement fails, those
     * before it have run and stay (the message says how many); the shadow is dropped at the end all the same.
     */
    @Override
    public void apply(String migration, List<String> statements, List<Integer> lines) {
        try (Connection c = shadow.connection(); var statement = c.createStatement()) {
            for (int i = 0; i < statements.size(); i++) {
                try {
                    statement.execute(statements.get(i));
                } catch (SQLException e) {
                    // a session that was stopped (a signal) or cut off is not the migration's failure
                    if (c.isClosed() || !c.isValid(5)) {
                        throw new RestoreFailed("the shadow database's session ended: " + MySqlErrors.describe(shadow.spec(), e));
                    }
                    String message = MySqlErrors.describe(shadow.spec(), e);
                    if (i > 0) {
                        message += " (the migration's " + (i == 1 ? "statement" : i + " statements") + " before it had run:"
                                + " MySQL/MariaDB cannot undo DDL)";
                    }
                    throw new MigrationFailed(migration, lines.get(i), firstLine(statements.get(i)), message);
                }
            }
        } catch (SQLException e) {
            throw new RestoreFailed("the shadow database's session ended: " + MySqlErrors.describe(shadow.spec(), e));
        }
    }

    private static String firstLine(String statement) {
        String line = statement.lines().findFirst().orElse("").strip();
        return line.length() > 100 ? line.substring(0, 100) + "…" : line;
    }

    @Override
    public boolean keep(String table, String column) {
        String schema = shadow.spec().schema();
        try (Connection c = shadow.connection()) {
            Statements sql = Statements.on(c);
            List<String> key = sql.query(select(field(name("COLUMN_NAME"))).from(table(name("information_schema", "KEY_COLUMN_USAGE")))
                    .where(field(name("TABLE_SCHEMA"), String.class).eq(schema)).and(field(name("TABLE_NAME"), String.class).eq(table))
                    .and(field(name("CONSTRAINT_NAME"), String.class).eq("PRIMARY"))
                    .orderBy(field(name("ORDINAL_POSITION"))), r -> r.getString(1));
            if (key.isEmpty() || key.contains(column) || !hasColumn(sql, table, column)) return false;
            String name = KEPT + (kept.size() + 1);
            List<Field<?>> selected = new ArrayList<>();
            key.forEach(k -> selected.add(field(name(k))));
            selected.add(field(name(column)).as("kept_value"));
            sql.execute(sql.dsl().createTable(table(name(schema, name))).as(select(selected).from(table(name(schema, table)))).withData());
            kept.put(table + "." + column, name);
            keys.put(table + "." + column, key);
            return true;
        } catch (SQLException e) {
            throw new ReplayImpossible("cannot keep " + table + "." + column + " aside for its rename: " + MySqlErrors.describe(shadow.spec(), e));
        }
    }

    private boolean hasColumn(Statements sql, String table, String column) throws SQLException {
        return sql.number(org.jooq.impl.DSL.selectCount().from(table(name("information_schema", "COLUMNS")))
                .where(field(name("TABLE_SCHEMA"), String.class).eq(shadow.spec().schema()))
                .and(field(name("TABLE_NAME"), String.class).eq(table))
                .and(field(name("COLUMN_NAME"), String.class).eq(column))) > 0;
    }

    /** Writes the kept values by key with one UPDATE … JOIN, then drops the table they were kept in. */
    @Override
    public long carry(String table, String column, String newTable, String newColumn) {
        String schema = shadow.spec().schema();
        String name = kept.remove(table + "." + column);
        if (name == null) return -1;
        try (Connection c = shadow.connection()) {
            Statements sql = Statements.on(c);
            try {
                // renamed in place (RENAME COLUMN kept the values) or not at all: nothing to carry
                if (!hasColumn(sql, newTable, newColumn) || hasColumn(sql, newTable, column) && !column.equals(newColumn)) return -1;
                var target = table(name(schema, newTable)).as("t");
                var from = table(name(schema, name)).as("k");
                Condition match = org.jooq.impl.DSL.noCondition();
                for (String k : keys.get(table + "." + column)) match = match.and(field(name("t", k)).eq(field(name("k", k))));
                return sql.execute(sql.dsl().update(target.join(from).on(match))
                        .set(Map.of(field(name("t", newColumn)), field(name("k", "kept_value"))))
                        .where(field(name("k", "kept_value")).isNotNull()));
            } finally {
                sql.execute(sql.dsl().dropTableIfExists(table(name(schema, name))));
            }
        } catch (SQLException e) {
            throw new ReplayImpossible("cannot carry " + table + "." + column + " into " + newTable + "." + newColumn + ": "
                    + MySqlErrors.describe(shadow.spec(), e));
        }
    }

    /**
     * Nothing to do on MySQL/MariaDB: InnoDB has no unlogged tables (its redo log cannot be turned off per table), and
     * the engine cannot be changed to one without transactions, whose rows the final restore would refuse to read
     * consistently.
     */
    @Override
    public void unlogged() {
        // see above
    }

    @Override
    public ReadDatabasePort reader() {
        return shadow.reader();
    }

    @Override
    public WriteDatabasePort writer() {
        return shadow.writer();
    }

    /** Drops the database Preserve created, or empties the one given; whatever else failed, this is tried. */
    @Override
    public void close() {
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
