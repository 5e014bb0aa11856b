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
        if (given != null) return new MySqlShadow(live, MySqlShadowDatabases.given(live, given, opened), migrations, false);
        List<String> swept = new ArrayList<>();
        MySqlDatabase database = MySqlShadowDatabases.create(live, swept);
        opened.accept(database);
        MySqlShadow made = new MySqlShadow(live, database, migrations, true);
        made.cleared.addAll(swept);
        return made;
    }

    @Override
    public List<String> cleared() {
        return List.copyOf(cleared);
    }

    @Override
    public String display() {
        return shadow.spec().target();
    }

    @Override
    public java.util.Set<String> outsideNames() {
        try (Connection c = shadow.connection()) {
            Statements sql = Statements.on(c);
            return new java.util.HashSet<>(sql.query(select(field(name("SCHEMA_NAME"))).from(table(name("information_schema", "SCHEMATA")))
                    .where(field(name("SCHEMA_NAME"), String.class).ne(shadow.spec().schema()))
                    .and(field(name("SCHEMA_NAME"), String.class).notIn("information_schema", "performance_schema", "sys", "mysql")),
                    r -> r.getString(1)));
        } catch (SQLException e) {
            throw new ReplayImpossible("cannot list the server's databases: " + MySqlErrors.describe(shadow.spec(), e));
        }
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
            statement.setEscapeProcessing(false); // sent as written: no JDBC {fn …} or {d …} rewriting
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
        MySqlShadowDatabases.remove(live, shadow, created);
    }
}
