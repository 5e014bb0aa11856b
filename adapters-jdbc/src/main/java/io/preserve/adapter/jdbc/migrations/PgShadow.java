package io.preserve.adapter.jdbc.migrations;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.PgDatabase;
import io.preserve.adapter.jdbc.PgErrors;
import io.preserve.domain.error.MigrationFailed;
import io.preserve.domain.error.ReplayImpossible;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.ShadowDatabase;
import io.preserve.domain.port.out.WriteDatabasePort;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The shadow database: a database Preserve created (dropped on close) or one given (emptied again on close: it must
 * be empty to start with). Migrations run in the live database's schema name; columns kept for renames wait in a
 * schema of their own, {@code preserve_replay}, which no backup of the schema reads.
 */
final class PgShadow implements ShadowDatabase {
    private static final String KEPT = "preserve_replay";
    /** What format_type prints for the history tables' columns: no quote, semicolon or comment can be in it. */
    private static final java.util.regex.Pattern PLAIN_TYPE = java.util.regex.Pattern.compile("[a-z][a-z0-9_ ]*(\\(\\d+(,\\d+)?\\))?[a-z ]*");

    private final PgDatabase live;
    private final PgDatabase shadow;
    private final Path project;
    private final boolean created;
    private final Map<String, List<String>> keys = new HashMap<>();
    private final Map<String, String> kept = new HashMap<>();
    private final List<String> cleared = new java.util.ArrayList<>();

    private PgShadow(PgDatabase live, PgDatabase shadow, Path project, boolean created) {
        this.live = live;
        this.shadow = shadow;
        this.project = project;
        this.created = created;
    }

    /** A new database beside {@code live}, or {@code given}; {@code opened} is told of it, to stop its sessions on a signal. */
    static PgShadow open(PgDatabase live, ConnectionSpec given, Path project, Consumer<PgDatabase> opened) {
        String schema = live.spec().schema();
        if (given != null) {
            PgDatabase shadow = PgDatabase.direct(given.withSchema(schema));
            opened.accept(shadow);
            try (Connection c = shadow.openConnection()) {
                long objects = Jdbc.number(c, "SELECT (SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                        + " WHERE n.nspname IN (?, ?)) + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                        + " WHERE n.nspname = ? AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0)", schema, KEPT, schema);
                if (objects > 0) {
                    throw new ReplayImpossible("the shadow database " + given.target() + " is not empty (schema " + schema
                            + " holds " + objects + " tables, sequences, indexes or types); Preserve replays only into an empty one");
                }
                Jdbc.execute(c, "CREATE SCHEMA IF NOT EXISTS " + Jdbc.name(schema));
            } catch (SQLException e) {
                throw new ReplayImpossible("cannot use the shadow database " + given.target() + ": " + Jdbc.message(e));
            }
            return new PgShadow(live, shadow, project, false);
        }
        String name = ShadowLeftovers.PREFIX + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> cleared;
        try (Connection c = live.openConnection()) {
            cleared = ShadowLeftovers.sweep(c);
            Jdbc.execute(c, "CREATE DATABASE " + Jdbc.name(name));
            // the comment lets a later run on this machine drop it if this process is killed before it can
            var mark = ShadowLeftovers.mark(live.spec().database(), java.time.Instant.now());
            if (mark.isPresent()) {
                Jdbc.execute(c, "COMMENT ON DATABASE " + Jdbc.name(name) + " IS '" + mark.get().replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            String why = "42501".equals(e.getSQLState())
                    ? "role " + live.spec().user() + " may not create databases (CREATEDB), and a temporary shadow database is needed"
                    : "cannot create a temporary shadow database: " + Jdbc.message(e);
            throw new ReplayImpossible(why + "; give an empty one with --shadow-database-url or SHADOW_DATABASE_URL");
        }
        PgDatabase shadow = PgDatabase.direct(live.spec().withDatabase(name));
        opened.accept(shadow);
        var made = new PgShadow(live, shadow, project, true);
        made.cleared.addAll(cleared);
        if (!"public".equals(schema)) {
            try (Connection c = shadow.openConnection()) {
                Jdbc.execute(c, "CREATE SCHEMA IF NOT EXISTS " + Jdbc.name(schema));
            } catch (SQLException | RuntimeException e) {
                made.close();
                throw new ReplayImpossible("cannot prepare the shadow database: " + PgErrors.describe(e));
            }
        }
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
    public void loadHistory(TableSchema table, InputStream rows) {
        String name = Jdbc.table(shadow.spec().schema(), table.ref().name());
        // the types as the snapshot's catalog printed them (format_type); one that is not a plain type name is read as text
        String columns = table.columns().stream().map(c -> Jdbc.name(c.name()) + " "
                + (PLAIN_TYPE.matcher(c.type()).matches() ? c.type() : "text")).collect(Collectors.joining(", "));
        String names = table.columns().stream().map(c -> Jdbc.name(c.name())).collect(Collectors.joining(", "));
        try (Connection c = shadow.openConnection()) {
            Jdbc.execute(c, "CREATE TABLE " + name + " (" + columns + ")");
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + name + " (" + names + ") FROM STDIN", rows, 1 << 16);
        } catch (SQLException | IOException e) {
            throw new ReplayImpossible("cannot read the snapshot's " + table.ref().name() + ": " + PgErrors.describe(e));
        }
    }

    @Override
    public MigrationState migrations(MigrationQuery query) {
        return Migrations.reader(shadow, project).read(query);
    }

    @Override
    public void apply(String migration, List<String> statements, List<Integer> lines) {
        try (Connection c = shadow.openConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < statements.size(); i++) {
                try {
                    Jdbc.execute(c, statements.get(i));
                } catch (SQLException e) {
                    // a session that was stopped (a signal) or cut off is not the migration's failure
                    if (PgErrors.closedConnection(e) || c.isClosed()) {
                        throw new io.preserve.domain.error.RestoreFailed("the shadow database's session ended: " + PgErrors.describe(e));
                    }
                    c.rollback();
                    throw new MigrationFailed(migration, lines.get(i), firstLine(statements.get(i)), Jdbc.message(e));
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new MigrationFailed(migration, 0, "(commit)", Jdbc.message(e));
        }
    }

    private static String firstLine(String statement) {
        String line = statement.lines().findFirst().orElse("").strip();
        return line.length() > 100 ? line.substring(0, 100) + "…" : line;
    }

    @Override
    public boolean keep(String table, String column) {
        String schema = shadow.spec().schema();
        try (Connection c = shadow.openConnection()) {
            List<String> key = Jdbc.query(c, "SELECT a.attname::text FROM pg_index i JOIN pg_class k ON k.oid = i.indrelid"
                    + " JOIN pg_namespace n ON n.oid = k.relnamespace JOIN pg_attribute a ON a.attrelid = k.oid AND a.attnum = ANY (i.indkey)"
                    + " WHERE i.indisprimary AND n.nspname = ? AND k.relname = ? ORDER BY array_position(i.indkey, a.attnum)",
                    r -> r.getString(1), schema, table);
            boolean has = Jdbc.number(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                    + " AND column_name = ?", schema, table, column) > 0;
            if (key.isEmpty() || !has || key.contains(column)) return false;
            String name = "kept_" + (kept.size() + 1);
            Jdbc.execute(c, "CREATE SCHEMA IF NOT EXISTS " + Jdbc.name(KEPT));
            Jdbc.execute(c, "CREATE TABLE " + Jdbc.table(KEPT, name) + " AS SELECT "
                    + key.stream().map(Jdbc::name).collect(Collectors.joining(", ")) + ", " + Jdbc.name(column) + " AS kept_value FROM "
                    + Jdbc.table(schema, table));
            kept.put(table + "." + column, name);
            keys.put(table + "." + column, key);
            return true;
        } catch (SQLException e) {
            throw new ReplayImpossible("cannot keep " + table + "." + column + " aside for its rename: " + Jdbc.message(e));
        }
    }

    @Override
    public long carry(String table, String column, String newTable, String newColumn) {
        String schema = shadow.spec().schema();
        String name = kept.get(table + "." + column);
        if (name == null) return -1;
        try (Connection c = shadow.openConnection()) {
            long hasNew = Jdbc.number(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                    + " AND column_name = ?", schema, newTable, newColumn);
            long hasOld = Jdbc.number(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                    + " AND column_name = ?", schema, newTable, column);
            // renamed in place (RENAME COLUMN kept the values) or not at all: nothing to carry
            if (hasNew == 0 || hasOld > 0 && !column.equals(newColumn)) return -1;
            String match = keys.get(table + "." + column).stream()
                    .map(k -> "t." + Jdbc.name(k) + " = k." + Jdbc.name(k)).collect(Collectors.joining(" AND "));
            try {
                return new io.preserve.adapter.jdbc.Db(c).update("UPDATE " + Jdbc.table(schema, newTable) + " t SET "
                        + Jdbc.name(newColumn) + " = k.kept_value FROM " + Jdbc.table(KEPT, name) + " k WHERE " + match + " AND k.kept_value IS NOT NULL");
            } catch (io.preserve.adapter.jdbc.Db.Failure e) {
                throw (SQLException) e.getCause();
            }
        } catch (SQLException e) {
            throw new ReplayImpossible("cannot carry " + table + "." + column + " into " + newTable + "." + newColumn + ": " + Jdbc.message(e));
        }
    }

    @Override
    public void unlogged() {
        try (Connection c = shadow.openConnection()) {
            List<String> left = new java.util.ArrayList<>(Jdbc.query(c, "SELECT k.relname::text FROM pg_class k JOIN pg_namespace n"
                    + " ON n.oid = k.relnamespace WHERE n.nspname = ? AND k.relkind = 'r' AND k.relpersistence = 'p'"
                    + " AND NOT k.relispartition ORDER BY 1", r -> r.getString(1), shadow.spec().schema()));
            // a table a logged table references cannot be unlogged before it: passes until nothing more changes
            boolean changed = true;
            while (changed && !left.isEmpty()) {
                changed = false;
                for (String table : List.copyOf(left)) {
                    try {
                        Jdbc.execute(c, "ALTER TABLE " + Jdbc.table(shadow.spec().schema(), table) + " SET UNLOGGED");
                        left.remove(table);
                        changed = true;
                    } catch (SQLException e) {
                        // referenced by a table still logged, or cannot be unlogged: stays logged
                    }
                }
            }
        } catch (SQLException e) {
            // the tables stay logged: slower, the same rows
        }
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
        shadow.close();
        // a database of its own for this: the command's may have been stopped (a signal), and the shadow must go all the same
        try (Connection c = PgDatabase.direct(created ? live.spec() : shadow.spec()).openConnection()) {
            if (created) {
                Jdbc.execute(c, "DROP DATABASE IF EXISTS " + Jdbc.name(shadow.spec().database()) + " WITH (FORCE)");
            } else {
                Jdbc.execute(c, "DROP SCHEMA IF EXISTS " + Jdbc.name(KEPT) + " CASCADE");
                Jdbc.execute(c, "DROP SCHEMA IF EXISTS " + Jdbc.name(shadow.spec().schema()) + " CASCADE");
                Jdbc.execute(c, "CREATE SCHEMA " + Jdbc.name(shadow.spec().schema()));
            }
        } catch (SQLException | RuntimeException e) {
            throw new io.preserve.domain.error.RestoreFailed("the shadow database " + shadow.spec().target()
                    + " could not be " + (created ? "dropped" : "emptied") + ": " + PgErrors.describe(e));
        }
    }
}
