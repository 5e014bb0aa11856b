package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.DatabaseBusy;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.RestoreFailed;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.RestoreCompletion;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.SequenceAdvance;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.ProgressListener;
import io.preserve.domain.port.out.RestoreSession;

import org.jooq.Field;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.jooq.impl.DSL.deleteFrom;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

/**
 * One restore into MySQL/MariaDB, its data changes in one InnoDB transaction: DELETEs (never TRUNCATE, which commits),
 * multi-row INSERTs, and TEMPORARY staging tables (whose CREATE and DROP do not commit) where rows meet rows already
 * there or a schema that changed since the snapshot: a row the live schema refuses costs that row, named
 * ({@link MySqlStagedLoad}), and SAVEPOINTs undo a refused statement without ending the transaction. Foreign-key
 * checks are off for the session ({@code foreign_key_checks=0}, a session variable any user may set), so the tables go
 * in in any order; before the commit the held-back parents restored rows need go in ({@code --with-parents},
 * {@link MySqlParents}), every foreign key of the restored tables is checked set-based, and restored rows whose
 * parent is missing are taken out and named (or kept with the reference cleared, where the key says
 * {@code ON DELETE SET NULL}), so that none is left behind. Each AUTO_INCREMENT ends just past the highest id in the
 * table (or where it was, if that is further): InnoDB moves it past every id inserted, also those taken out again, so
 * a counter that is not there is set after the commit ({@code ALTER TABLE} commits, so it cannot be part of the
 * transaction). One restore of a database at a time ({@link RestoreLock}).
 */
final class MySqlRestoreSession implements RestoreSession {
    /** strict (a value MySQL would change is an error), 0 stays 0 in an AUTO_INCREMENT column, zero dates allowed. */
    static final String SQL_MODE = "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO,"
            + MySqlFilters.SQL_MODE_FOR_FILTERS;

    private final Connection connection;
    private final ConnectionSpec spec;
    private final Statements sql;
    private final List<TableSchema> tables;
    private final Map<TableRef, TableSchema> live = new HashMap<>();
    private final Map<String, TableSchema> liveByName = new HashMap<>();
    private final Map<TableRef, Long> autoIncrementBefore = new HashMap<>();
    private final Map<TableRef, Long> moveAfterCommit = new LinkedHashMap<>();
    private List<TablePlan> plans = List.of();
    private Map<String, Long> orphansBefore = Map.of();
    private boolean committed;
    private int staged;
    private final MySqlParents parents = new MySqlParents();
    /** Each foreign key's ON DELETE rule, by table and constraint name. */
    private Map<String, String> deleteRules = Map.of();

    private final Runnable committing;
    /** LOAD DATA LOCAL INFILE for the tables loaded straight, where the server allows it. */
    private final MySqlBulkLoad bulk;

    private MySqlRestoreSession(Connection connection, ConnectionSpec spec, Duration lockWait, Runnable committing)
            throws SQLException {
        this.connection = connection;
        this.committing = committing;
        this.spec = spec;
        this.sql = Statements.on(connection);
        this.bulk = new MySqlBulkLoad(sql);
        sql.session("SET SESSION time_zone = '+00:00'");
        sql.session("SET SESSION sql_mode = '" + SQL_MODE + "'");
        sql.session("SET SESSION foreign_key_checks = 0");
        sql.session("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        try (PreparedStatement wait = connection.prepareStatement("SET SESSION innodb_lock_wait_timeout = ?")) {
            wait.setLong(1, Math.max(1, Math.min(1_073_741_824L, (lockWait.toMillis() + 999) / 1000)));
            wait.execute();
        }
        try {
            sql.session("SET SESSION information_schema_stats_expiry = 0"); // MySQL 8: AUTO_INCREMENT as it is now
        } catch (SQLException notMySql8) {
            // MariaDB reads it live anyway
        }
        RestoreLock.take(sql, spec.schema(), "this restore");
        connection.setAutoCommit(false);
        this.tables = MySqlCatalog.tables(sql, spec.schema());
        for (TableSchema t : tables) {
            live.put(t.ref(), t);
            liveByName.put(t.ref().name(), t);
        }
    }

    /** {@code committing}: told just before the commit is sent. */
    static RestoreSession open(Connection connection, ConnectionSpec spec, Duration lockWait, Runnable committing) {
        try {
            return new MySqlRestoreSession(connection, spec, lockWait, committing);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof PreserveException p) throw p;
            throw new RestoreFailed("cannot start the restore: " + MySqlErrors.describe(spec, e));
        }
    }

    @Override
    public String schema() {
        return spec.schema();
    }

    @Override
    public String dialect() {
        return DatabaseInfo.MYSQL;
    }

    @Override
    public List<TableSchema> tables() {
        return tables;
    }

    @Override
    public void prepare(List<TablePlan> plans, Map<String, String> settings, Duration lockWait, ProgressListener progress) {
        this.plans = List.copyOf(plans);
        try {
            refuseUntransactional(plans);
            String zone = settings.get("time_zone");
            if (zone != null && !zone.equals("+00:00")) {
                try (PreparedStatement set = connection.prepareStatement("SET SESSION time_zone = ?")) {
                    set.setString(1, zone);
                    set.execute();
                }
            }
            // a filter is written against the schema as it is now: one the server refuses stops the restore here
            for (TablePlan plan : plans) {
                TableSchema t = live.get(plan.target());
                if (plan.filter() != null && t != null) MySqlFilters.checked(sql, spec, plan.filter(), t, liveByName);
            }
            autoIncrementBefore.putAll(autoIncrements());
            orphansBefore = MySqlOrphans.before(sql, tables, plans);
            deleteRules = MySqlCatalog.deleteRules(sql, spec.schema());
            for (int i = plans.size() - 1; i >= 0; i--) {
                TablePlan plan = plans.get(i);
                if (plan.mode() != RestoreMode.REPLACE) continue;
                var target = table(name(plan.target().schema(), plan.target().name()));
                if (plan.filter() == null) {
                    sql.execute(deleteFrom(target));
                } else {
                    // only the rows the filter takes: the table's other rows are not the snapshot's to replace
                    TableSchema t = live.get(plan.target());
                    sql.execute(sql.dsl().query("DELETE {0} FROM {1} AS {0} WHERE {2}", name(t.ref().name()), target,
                            MySqlFilters.of(plan.filter(), t, liveByName)));
                }
            }
        } catch (SQLException e) {
            throw failure(null, e);
        }
    }

    /**
     * A table of an engine without transactions (MyISAM, Aria, MEMORY) cannot be rolled back: a failed restore would
     * leave it half written. Refused before anything is written.
     */
    private void refuseUntransactional(List<TablePlan> plans) throws SQLException {
        if (plans.isEmpty()) return;
        Map<String, String> engines = MySqlCatalog.untransactional(sql, spec.schema());
        for (TablePlan plan : plans) {
            String engine = engines.get(plan.target().name());
            if (engine != null) {
                throw new RestoreFailed(spec.schema() + "." + plan.target().name(), "the table uses the " + engine + " engine, which has no"
                        + " transactions: a restore could not be rolled back (ALTER TABLE it to ENGINE=InnoDB, or leave it out with --skip)");
            }
        }
    }

    @Override
    public TableOutcome load(TablePlan plan, Supplier<InputStream> rows) {
        TableSchema target = live.get(plan.target());
        if (target == null) throw new RestoreFailed(plan.target().display(), "the table is not in the database");
        try {
            return new MySqlLoad(sql, liveByName, plan, target, "preserve_stage_" + (++staged), bulk).run(rows, parents);
        } catch (SQLException e) {
            throw failure(plan.target(), e);
        }
    }

    @Override
    public RestoreCompletion finish(boolean advanceSequences, List<io.preserve.domain.model.SequencePosition> recorded) {
        try {
            var pulled = parents.pull(sql, tables, plans.stream().map(TablePlan::target).collect(java.util.stream.Collectors.toSet()));
            var orphans = MySqlOrphans.remove(sql, tables, plans, orphansBefore, deleteRules);
            Map<TableRef, List<TableOutcome.Skip>> removed = new HashMap<>(orphans.removed());
            pulled.refused().forEach((table, skips) -> removed.merge(table, skips, (a, b) -> {
                List<TableOutcome.Skip> all = new ArrayList<>(b);
                all.addAll(a);
                return all;
            }));
            List<SequenceAdvance> moves = new ArrayList<>();
            Map<TableRef, Long> counters = autoIncrements();
            for (TablePlan plan : plans) {
                TableSchema t = live.get(plan.target());
                var column = t.columns().stream().filter(c -> c.identity() != null).findFirst();
                if (column.isEmpty()) continue;
                var table = table(name(t.ref().schema(), t.ref().name()));
                long highest = sql.number(select(max(field(name(column.get().name()), Long.class))).from(table));
                long before = autoIncrementBefore.getOrDefault(t.ref(), 1L);
                long now = counters.getOrDefault(t.ref(), before);
                // past the ids in the table, never back: InnoDB moved the counter past every id inserted, also those
                // taken out again (orphans) or undone to a savepoint, and did not move it past ids an UPDATE wrote
                long after = Math.max(before, highest + 1);
                if (now != after && advanceSequences) moveAfterCommit.put(t.ref(), after);
                if (after != before) moves.add(new SequenceAdvance(t.ref().name() + " AUTO_INCREMENT", t.ref(), column.get().name(), before, after));
            }
            moves.addAll(MySqlSequences.advance(sql, spec.schema(), recorded, advanceSequences));
            return new RestoreCompletion(pulled.taken(), removed, orphans.cleared(), moves);
        } catch (SQLException e) {
            throw failure(null, e);
        }
    }

    private Map<TableRef, Long> autoIncrements() throws SQLException {
        Map<TableRef, Long> values = new HashMap<>();
        sql.query(sql.dsl().select(field(name("TABLE_NAME"), String.class), field(name("AUTO_INCREMENT"), Long.class))
                .from(table(name("information_schema", "TABLES"))).where(field(name("TABLE_SCHEMA"), String.class).eq(spec.schema()))
                .and(field(name("AUTO_INCREMENT")).isNotNull()), r -> values.put(new TableRef(spec.schema(), r.getString(1)), r.getLong(2)));
        return values;
    }

    @Override
    public void commit() {
        try {
            committing.run();
            connection.commit();
            committed = true;
        } catch (SQLException e) {
            throw failure(null, e);
        }
        // DDL commits by itself: after the data, and harmless if it fails (the next insert takes the next free id anyway)
        for (var move : moveAfterCommit.entrySet()) {
            try {
                // a DDL value cannot be bound: the number is ours (MAX(id) + 1), never text from the snapshot
                sql.execute(sql.dsl().query("ALTER TABLE {0} AUTO_INCREMENT = {1}",
                        table(name(move.getKey().schema(), move.getKey().name())), inline(move.getValue())));
            } catch (SQLException ignored) {
                // best effort; see above
            }
        }
    }

    private RuntimeException failure(TableRef table, SQLException e) {
        int code = MySqlErrors.code(e);
        String message = MySqlErrors.describe(spec, e);
        if (code == MySqlErrors.LOCK_WAIT_TIMEOUT || code == MySqlErrors.DEADLOCK) {
            String holders = lockHolders();
            return new DatabaseBusy((table == null ? "" : "table " + table.display() + ": ") + message
                    + (holders == null ? "" : " (rows held by " + holders + "; stop the application while restoring, or"
                    + " give it longer with --lock-wait)"));
        }
        return table == null ? new RestoreFailed(message) : new RestoreFailed(table.display(), message);
    }

    /**
     * Who holds row locks now, other than this session, in a person's words: InnoDB's open transactions that hold
     * any, oldest first (at most three). Null when none is seen, or when the user may not see them (INNODB_TRX needs
     * the PROCESS privilege).
     */
    private String lockHolders() {
        try {
            var t = table(name("information_schema", "INNODB_TRX")).as("t");
            var p = table(name("information_schema", "PROCESSLIST")).as("p");
            Field<Long> thread = field(name("t", "trx_mysql_thread_id"), Long.class);
            List<String> who = sql.query(sql.dsl().select(thread, field(name("p", "USER"), String.class), field(name("p", "HOST"), String.class),
                            field("TIMESTAMPDIFF(SECOND, {0}, NOW())", Long.class, field(name("t", "trx_started"))),
                            field(name("t", "trx_query"), String.class))
                    .from(t).leftJoin(p).on(field(name("p", "ID"), Long.class).eq(thread))
                    .where(thread.ne(field("CONNECTION_ID()", Long.class))).and(field(name("t", "trx_lock_structs"), Long.class).gt(0L))
                    .orderBy(field(name("t", "trx_started"))).limit(3), r -> {
                String user = r.getString(2) == null ? "" : " (" + r.getString(2) + (r.getString(3) == null ? "" : "@" + r.getString(3)) + ")";
                String query = r.getString(5) == null ? null : r.getString(5).replaceAll("\\s+", " ").strip();
                if (query != null && query.length() > 60) query = query.substring(0, 59) + "…";
                return "session " + r.getLong(1) + user + ", its transaction open " + r.getLong(4) + " s"
                        + (query == null ? ", idle" : ", running " + query);
            });
            return who.isEmpty() ? null : String.join("; ", who);
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                if (!committed) connection.rollback();
                connection.setAutoCommit(true);
                parents.drop(sql);
                RestoreLock.release(sql, spec.schema());
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing the connection ends the transaction, the lock and the temporary tables on the server
            try {
                connection.close();
            } catch (SQLException alsoIgnored) {
                // already gone
            }
        }
    }
}
