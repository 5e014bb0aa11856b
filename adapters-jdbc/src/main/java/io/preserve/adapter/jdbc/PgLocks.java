package io.preserve.adapter.jdbc;

import io.preserve.domain.error.DatabaseBusy;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.port.out.ProgressListener;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a restore takes the database for itself, before it writes anything:
 * <ol>
 *   <li>one restore at a time per database and schema, across processes and machines: a transaction-level advisory
 *       lock keyed on both, taken without waiting; a second restore is refused at once, naming the first (its
 *       process id, user, host, application and since when, as {@code pg_stat_activity} has them);</li>
 *   <li>the tables it writes, locked in one order (by name) so that two restores cannot deadlock each other, each
 *       within {@code lock_timeout}: all at once if no session holds any, else one by one, saying which table it waits
 *       for and who holds it, and refusing cleanly when the wait runs out or the database finds a deadlock with
 *       an application's transaction (nothing was written then).</li>
 * </ol>
 * The locks are the transaction's: they go with its commit or rollback, and with the connection if it is lost.
 */
public final class PgLocks {
    private PgLocks() {
    }

    /** The advisory-lock key of a restore of {@code schema} in the current database. */
    private static final String KEY = "pg_catalog.hashtextextended('preserve restore ' || pg_catalog.current_database() || '.' || ?, 0)";

    /** Who a session is, in a person's words. */
    private static final String WHO = """
            format('pid %s (user %s%s, %s, %s since %s)', a.pid, a.usename,
                   coalesce(' from ' || coalesce(a.client_hostname, host(a.client_addr)), ''),
                   coalesce('application ' || quote_literal(nullif(a.application_name, '')), 'no application name'),
                   coalesce(a.state, 'state unknown'),
                   to_char(coalesce(a.xact_start, a.backend_start), 'YYYY-MM-DD HH24:MI:SS TZ'))""";

    /**
     * Refuses at once if another restore of {@code schema} (or an exclusive backup) runs in this database; else holds
     * the schema until the transaction ends.
     */
    public static void takeSchema(Db sql, String schema) {
        boolean taken = sql.query("SELECT pg_catalog.pg_try_advisory_xact_lock(" + KEY + ")", r -> r.getBoolean(1), schema).get(0);
        if (!taken) throw busy(sql, schema);
    }

    /** As {@link #takeSchema}, for the session (a backup's, outside its transaction), until it unlocks or ends. */
    public static void holdSchema(Db sql, String schema) {
        boolean taken = sql.query("SELECT pg_catalog.pg_try_advisory_lock(" + KEY + ")", r -> r.getBoolean(1), schema).get(0);
        if (!taken) throw busy(sql, schema);
    }

    private static DatabaseBusy busy(Db sql, String schema) {
        String holder = sql.text("SELECT string_agg(" + WHO + ", '; ') FROM pg_catalog.pg_locks l"
                + " JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                + " AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = " + KEY, schema);
        return new DatabaseBusy("another restore of schema " + schema + " (or a backup with --exclusive) is running in this"
                + " database (" + (holder == null ? "it has just ended: try again" : holder) + "); one at a time");
    }

    /**
     * A backup's locks, taken as the first statement of its transaction, before its snapshot: ACCESS SHARE on every
     * table, waiting at most {@code wait} for a session that holds one exclusively (a restore, a migration's DDL).
     */
    public static void lockForReading(Db sql, List<TableRef> tables, Duration wait) {
        if (tables.isEmpty()) return;
        // SET takes no snapshot; set_config, a SELECT, would
        sql.execute("SET LOCAL lock_timeout = '" + Math.max(1, wait.toMillis()) + "ms'");
        try {
            sql.execute("LOCK TABLE " + tables.stream().map(Sql::table).collect(Collectors.joining(", ")) + " IN ACCESS SHARE MODE");
        } catch (Db.Failure e) {
            if (!"55P03".equals(e.sqlState())) throw e;
            sql.execute("ROLLBACK");
            String holders = sql.text("SELECT string_agg(DISTINCT c.relname || ' by ' || " + WHO + ", '; ')"
                    + " FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid"
                    + " JOIN pg_catalog.pg_class c ON c.oid = l.relation"
                    + " WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'AccessExclusiveLock'"
                    + " AND l.relation = ANY (?::regclass[]) AND l.pid <> pg_catalog.pg_backend_pid()",
                    (Object) tables.stream().map(Sql::table).toArray(String[]::new));
            throw new DatabaseBusy("a session holds tables for itself (" + (holders == null ? PgErrors.message(e) : "held: " + holders)
                    + "), waited " + wait.toMillis() + " ms; try again when it is done");
        }
    }

    /** No statement of this transaction waits longer than {@code wait} for a lock (0 would mean no limit: 1 ms). */
    public static void limitWaits(Db sql, Duration wait) {
        sql.query("SELECT pg_catalog.set_config('lock_timeout', ?, true)", r -> null, Math.max(1, wait.toMillis()) + "ms");
    }

    /**
     * Reads the schema with {@code read}: the database prints a table's definitions under a share lock, so a session
     * holding a table exclusively (a migration running, another tool) makes the read wait, at most {@code wait}.
     */
    public static <T> T readingSchema(Db sql, String schema, Duration wait, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (Db.Failure e) {
            if (!"55P03".equals(e.sqlState())) throw e;
            sql.execute("ROLLBACK");
            String holders = sql.text("SELECT string_agg(DISTINCT c.relname || ' by ' || " + WHO + ", '; ')"
                    + " FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid"
                    + " JOIN pg_catalog.pg_class c ON c.oid = l.relation JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'AccessExclusiveLock' AND n.nspname = ?"
                    + " AND l.pid <> pg_catalog.pg_backend_pid()", schema);
            throw new DatabaseBusy("a session holds tables of schema " + schema + " for itself, so that even their"
                    + " definitions cannot be read (" + (holders == null ? PgErrors.message(e) : "held: " + holders)
                    + "); waited " + wait.toMillis() + " ms; stop it, or wait longer with --lock-wait");
        }
    }

    /** Locks {@code tables} (in the order given) ACCESS EXCLUSIVE, waiting at most {@code wait} for each. */
    public static void lockTables(Db sql, Collection<TableRef> tables, Duration wait, ProgressListener progress) {
        if (tables.isEmpty()) return;
        if (lockNow(sql, tables.stream().map(Sql::table).collect(Collectors.joining(", ")))) return;
        for (TableRef table : tables) {
            if (lockNow(sql, Sql.table(table))) continue;
            String holders = sql.text("SELECT string_agg(DISTINCT " + WHO + ", '; ') FROM pg_catalog.pg_locks l"
                    + " JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'relation' AND l.relation = ?::regclass AND l.granted AND l.pid <> pg_catalog.pg_backend_pid()",
                    Sql.table(table));
            String who = holders == null ? "another session" : holders;
            if (wait.isZero()) throw held(table, who);
            progress.waitingForLock(table, who, wait);
            try {
                sql.execute("LOCK TABLE " + Sql.table(table) + " IN ACCESS EXCLUSIVE MODE");
            } catch (Db.Failure e) {
                if ("40P01".equals(e.sqlState())) {
                    throw new DatabaseBusy("a transaction of " + who + " holds " + table.display() + " and waited for a table"
                            + " this restore had locked (a deadlock, which the database ended here); stop the application"
                            + " while restoring");
                }
                if ("55P03".equals(e.sqlState())) throw held(table, who);
                throw e;
            }
        }
    }

    private static DatabaseBusy held(TableRef table, String who) {
        return new DatabaseBusy(table.display() + " is held by " + who + "; stop the application (a restore is meant for a"
                + " database no one is writing to), or wait longer with --lock-wait");
    }

    /** Takes the locks if no one holds them, in a savepoint: a refusal leaves the transaction as it was. */
    private static boolean lockNow(Db sql, String tables) {
        sql.execute("SAVEPOINT preserve_lock");
        try {
            sql.execute("LOCK TABLE " + tables + " IN ACCESS EXCLUSIVE MODE NOWAIT");
            sql.execute("RELEASE SAVEPOINT preserve_lock");
            return true;
        } catch (Db.Failure e) {
            sql.execute("ROLLBACK TO SAVEPOINT preserve_lock");
            sql.execute("RELEASE SAVEPOINT preserve_lock");
            if (!"55P03".equals(e.sqlState())) throw e;
            return false;
        }
    }
}
