package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;
import io.preserve.adapter.jdbc.PgErrors;
import io.preserve.adapter.jdbc.PgCatalog;
import io.preserve.adapter.jdbc.SessionSettings;
import io.preserve.adapter.jdbc.PgFilters;
import io.preserve.adapter.jdbc.PgLocks;

import io.preserve.domain.error.DatabaseBusy;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.RestoreFailed;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreCompletion;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.ProgressListener;
import io.preserve.domain.port.out.RestoreSession;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One restore transaction, as an ordinary owner of the tables (no superuser, no disabled triggers):
 * <ol>
 *   <li>the planned tables are locked ACCESS EXCLUSIVE and every foreign key from or to them is dropped, to be
 *       re-added at the end, when PostgreSQL validates each once, set-based, instead of row by row;</li>
 *   <li>a table that is empty (or emptied by {@code replace}) is loaded with {@code COPY} straight from the
 *       snapshot (through the staging table when its rows change shape); a large one is truncated in this
 *       transaction and loaded with {@code COPY … FREEZE}; from {@value #REBUILD_INDEXES_FROM_ROWS} rows its indexes
 *       are set aside and built again once, after the load;</li>
 *   <li>a table that holds rows is loaded into a temporary staging table, then merged with one
 *       {@code INSERT … SELECT … ON CONFLICT DO NOTHING}; rows whose key is already there are kept and counted;</li>
 *   <li>with {@code --with-parents}, held-back rows that restored rows reference go in ({@link PgParents});</li>
 *   <li>restored rows whose parent row is missing are taken out again and accounted for ({@link PgOrphans}); a
 *       key between two tables that were emptied and given every row of the snapshot is trusted, not scanned,
 *       and if its validation fails (the snapshot had orphans of its own) the step is redone scanning every key;</li>
 *   <li>sequences owned by restored columns are moved past the restored values.</li>
 * </ol>
 * Nothing is visible to others before {@link #commit()}; {@link #close()} rolls back otherwise.
 */
public final class PgRestoreSession implements RestoreSession {
    private static final String STAGE = "preserve_stage";
    /**
     * Below this many rows a table keeps its indexes during the load: dropping and re-creating them costs more
     * than inserting into them (measured on the sample app: ~10-20 ms per index either way for small tables).
     */
    static final long REBUILD_INDEXES_FROM_ROWS = 10_000;
    /**
     * From this many rows an empty table is truncated anyway, so that it can be loaded with {@code COPY … FREEZE}:
     * its rows are written frozen and visible to all, and no vacuum has to come back to freeze them. Below it the
     * TRUNCATE (a new file for the table and each of its indexes) costs more than it saves.
     */
    static final long FREEZE_FROM_ROWS = 100_000;

    private final Connection connection;
    private final Db sql;
    private final String schema;
    private final List<TableSchema> live;
    private final Map<String, TableSchema> liveByName;
    private final Set<String> partitioned;
    private final List<Detached> detached = new ArrayList<>();
    /** Tables empty when the restore began (under its lock), or emptied by it. */
    private final Set<TableRef> emptied = new TreeSet<>();
    /** Emptied tables truncated in this transaction, which {@code COPY … FREEZE} needs. */
    private final Set<TableRef> truncated = new TreeSet<>();
    private final Set<TableRef> filled = new TreeSet<>();
    /** Tables emptied, then given every row of the snapshot's table (straight, or through the stage). */
    private final Set<TableRef> whole = new TreeSet<>();
    private PgIndexes indexes = PgIndexes.NONE;
    /** Tables whose indexes are built again after the load: their unique indexes check the rows then. */
    private final Set<TableRef> rebuilt = new TreeSet<>();
    /** Rows taken out because a unique index being built again found them repeating an earlier row's value. */
    private final Map<TableRef, List<TableOutcome.Skip>> repeated = new java.util.HashMap<>();
    private final Map<TableRef, TablePlan> planned = new java.util.HashMap<>();
    private StagedLoad.SnapshotRows snapshotRows = new StagedLoad.SnapshotRows(Set.of());
    private final PgParents parents = new PgParents();
    /** The live rules of the tables loaded through the stage, read before their indexes are set aside. */
    private Map<TableRef, PgRowRules.Rules> rules = Map.of();
    private boolean committed;

    /** A foreign key set aside for the load, with the definition that re-creates it. */
    private record Detached(PgOrphans.Key key, String definition) {
        TableRef table() {
            return key.child();
        }

        String name() {
            return key.name();
        }
    }

    /** A restore on {@code connection} (the session's from then on, closed with it), into {@code schema}. */
    public static RestoreSession open(Connection connection, String schema, Duration lockWait) {
        return new PgRestoreSession(connection, schema, lockWait);
    }

    private PgRestoreSession(Connection connection, String schema, Duration lockWait) {
        this.connection = connection;
        this.sql = new Db(connection);
        this.schema = schema;
        try {
            connection.setAutoCommit(false);
            // first: one restore at a time, and no waiting past lockWait for a table someone holds, from here on
            // (reading the schema waits for a table locked ACCESS EXCLUSIVE: the database prints definitions under a lock)
            PgLocks.limitWaits(sql, lockWait);
            PgLocks.takeSchema(sql, schema);
            var found = PgLocks.readingSchema(sql, schema, lockWait, () -> PgCatalog.tables(sql, schema));
            this.live = found.tables();
            this.liveByName = live.stream().collect(Collectors.toMap(t -> t.ref().name(), t -> t));
            this.partitioned = found.partitioned();
        } catch (SQLException | Db.Failure e) {
            close();
            throw new RestoreFailed("cannot read the schema " + schema + ": " + PgErrors.describe(e));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String schema() {
        return schema;
    }

    @Override
    public List<TableSchema> tables() {
        return live;
    }

    @Override
    public void prepare(List<TablePlan> plans, Map<String, String> settings, Duration lockWait, ProgressListener progress) {
        try {
            SessionSettings.applyForRestore(sql, settings);
            PgLocks.limitWaits(sql, lockWait);
            Set<TableRef> targets = plans.stream().map(TablePlan::target).collect(Collectors.toCollection(TreeSet::new));
            if (targets.isEmpty()) return;
            Set<String> viaParents = new TreeSet<>();
            for (TablePlan plan : plans) if (plan.filter() != null) viaParents.addAll(plan.filter().viaTables());
            snapshotRows = new StagedLoad.SnapshotRows(viaParents);
            // a filter is written against the schema as it is now: one PostgreSQL refuses stops the restore here
            for (TablePlan plan : plans) if (plan.filter() != null) PgFilters.checkOnLive(sql, liveTable(plan.target()), plan.filter(), liveByName);
            PgLocks.lockTables(sql, targets, lockWait, progress);
            detachForeignKeys(targets);
            List<Boolean> holdsRows = holdRows(plans);
            for (int i = 0; i < plans.size(); i++) {
                TablePlan plan = plans.get(i);
                boolean replaced = plan.mode() == RestoreMode.REPLACE && plan.filter() == null;
                if (holdsRows.get(i) && !replaced) continue;
                emptied.add(plan.target());
                // Emptying a table that holds rows takes a TRUNCATE; so does COPY … FREEZE, which pays for a large
                // table (no later vacuum has to freeze its rows) but not for a small one already empty.
                if (holdsRows.get(i) || plan.rows() >= FREEZE_FROM_ROWS && !partitioned.contains(plan.target().name())) {
                    truncated.add(plan.target());
                }
            }
            if (!truncated.isEmpty()) sql.execute("TRUNCATE " + list(truncated));
            // Replacing only some rows of a table: delete those, children first, while their parents are still there.
            for (int i = plans.size() - 1; i >= 0; i--) {
                TablePlan plan = plans.get(i);
                if (plan.mode() != RestoreMode.REPLACE || plan.filter() == null || emptied.contains(plan.target())) continue;
                TableSchema table = liveTable(plan.target());
                String alias = Sql.name(plan.target().name());
                sql.update("DELETE FROM " + Sql.table(plan.target()) + " AS " + alias + " WHERE "
                        + PgFilters.condition(plan.filter(), table, c -> alias + "." + Sql.name(c), liveByName));
            }
            plans.forEach(p -> planned.put(p.target(), p));
            // An emptied table filled in bulk, straight or through the stage, gets its indexes built once afterwards
            // (overwrite needs its key's index to find the rows it updates).
            plans.stream().filter(plan -> emptied.contains(plan.target()) && plan.mode() != RestoreMode.OVERWRITE
                            && plan.rows() >= REBUILD_INDEXES_FROM_ROWS && !partitioned.contains(plan.target().name()))
                    .forEach(plan -> rebuilt.add(plan.target()));
            // the rules of the tables checked through the stage, and of those whose unique indexes are built again
            Set<TableRef> ruled = new TreeSet<>(rebuilt);
            plans.stream().filter(p -> !loadsDirectly(p)).forEach(p -> ruled.add(p.target()));
            rules = PgRowRules.read(sql, ruled);
            indexes = PgIndexes.setAside(sql, plans.stream().map(TablePlan::target).filter(rebuilt::contains).toList());
        } catch (Db.Failure e) {
            // a table outside the restore that a foreign key needs (its parent) held past lock_timeout
            if ("55P03".equals(e.sqlState()) || "40P01".equals(e.sqlState())) {
                throw new DatabaseBusy("a session holds a table this restore needs (" + PgErrors.message(e)
                        + "); stop the application, or wait longer with --lock-wait");
            }
            throw new RestoreFailed("preparing the tables: " + PgErrors.describe(e));
        }
    }

    /** Whether each planned table holds any row now (under the lock just taken), in one round trip. */
    private List<Boolean> holdRows(List<TablePlan> plans) {
        String probes = plans.stream().map(p -> "EXISTS (SELECT 1 FROM " + Sql.table(p.target()) + ")")
                .collect(Collectors.joining(", "));
        return sql.query("SELECT ARRAY[" + probes + "]", r -> List.of((Boolean[]) r.getArray(1).getArray())).get(0);
    }

    private void detachForeignKeys(Set<TableRef> targets) {
        String[] names = targets.stream().map(Sql::table).toArray(String[]::new);
        var foreignKeys = sql.query("""
                SELECT n.nspname, c.relname, con.conname, pg_catalog.pg_get_constraintdef(con.oid),
                       fn.nspname, fc.relname, con.convalidated,
                       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                             ORDER BY k.ord)::text[],
                       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                             ORDER BY k.ord)::text[],
                       con.confdeltype::text,
                       NOT EXISTS (SELECT 1 FROM unnest(con.conkey) k(attnum)
                                   JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                                   WHERE a.attnotnull AND (con.confdeltype = 'n' OR NOT a.atthasdef))
                           AND pg_catalog.pg_get_constraintdef(con.oid) !~ 'ON DELETE SET (NULL|DEFAULT) [(]'
                FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
                JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
                WHERE con.contype = 'f' AND con.conparentid = 0
                  AND (con.conrelid = ANY (?::regclass[]) OR con.confrelid = ANY (?::regclass[]))
                ORDER BY n.nspname, c.relname, con.conname""",
                r -> new Detached(new PgOrphans.Key(new TableRef(r.getString(1), r.getString(2)), r.getString(3),
                        strings(r.getArray(8)), new TableRef(r.getString(5), r.getString(6)), strings(r.getArray(9)),
                        r.getBoolean(7), PgOrphans.OnOrphan.of(r.getString(10), r.getBoolean(11))), r.getString(4)), names, names);
        if (foreignKeys.isEmpty()) return;
        sql.script(foreignKeys.stream()
                .map(fk -> "ALTER TABLE " + Sql.table(fk.table()) + " DROP CONSTRAINT " + Sql.name(fk.name())).toList());
        detached.addAll(foreignKeys);
    }

    @Override
    public TableOutcome load(TablePlan plan, Supplier<InputStream> rows) {
        try {
            boolean first = !filled.contains(plan.target());
            filled.add(plan.target());
            if (first && loadsDirectly(plan)) {
                whole.add(plan.target());
                String freeze = truncated.contains(plan.target()) && !partitioned.contains(plan.target().name()) ? " (FREEZE)" : "";
                long copied = copyIn("COPY " + Sql.table(plan.target()) + " (" + Sql.names(targets(plan)) + ")"
                        + " FROM STDIN" + freeze, rows.get());
                return new TableOutcome(plan.target(), copied, copied, 0, 0, List.of(), List.of());
            }
            InputStream data = rows.get();
            if (first && copiesDirectly(plan)) {
                Optional<TableOutcome> copied = tryCopy(plan, data);
                if (copied.isPresent()) return copied.get();
                data = rows.get();
            }
            TableOutcome outcome = new StagedLoad(sql, plan, liveTable(plan.target()), liveByName, snapshotRows, parents,
                    rules.getOrDefault(plan.target(), PgRowRules.Rules.NONE), emptied.contains(plan.target()),
                    rebuilt.contains(plan.target()))
                    .run(this::copyIn, data);
            // an emptied table that took every snapshot row, none held back or given new values, is whole too
            if (emptied.contains(plan.target()) && outcome.inserted() == outcome.inSnapshot() && plan.fills().isEmpty()
                    && plan.filter() == null && plan.held() == TablePlan.Held.NONE) {
                whole.add(plan.target());
            }
            return outcome;
        } catch (PreserveException e) {
            throw e;
        } catch (SQLException | Db.Failure e) {
            throw new RestoreFailed(plan.target().display(), PgErrors.describe(e));
        } catch (IOException e) {
            throw new RestoreFailed(plan.target().display(), "reading the snapshot: " + e.getMessage());
        }
    }

    /**
     * An emptied table whose rows need no conversion on the way: every restored column of the same type or a
     * widening no value can fail; columns the table no longer has are left out of the stream, new ones take their
     * default. Rows that a rule added since the snapshot might refuse are not looked at first: COPY applies every
     * rule itself, and if it refuses a row the load starts over through the stage (see {@link #tryCopy}).
     */
    private boolean copiesDirectly(TablePlan plan) {
        return emptied.contains(plan.target()) && plan.filter() == null && plan.held() == TablePlan.Held.NONE
                && plan.fills().isEmpty() && plan.missingValues().isEmpty()
                && plan.columns().stream().allMatch(c -> !c.restored() || c.convert() == null && c.relabel().isEmpty()
                        && c.whenNull() == null && (c.fits() || c.source().enumLabels() == null
                        && PgCasts.alwaysFits(c.source().type(), c.targetType())));
    }

    /**
     * COPY straight into the emptied table, in a savepoint: every row goes in, or the database refuses one (a NULL
     * where refused now, a CHECK, a unique value, a trigger) and nothing of the table is kept, to be loaded through
     * the stage, where each refused row is found and named. Errors that are not about a row fail the restore.
     */
    private Optional<TableOutcome> tryCopy(TablePlan plan, InputStream data) throws SQLException, IOException {
        boolean[] keep = new boolean[plan.columns().size()];
        for (int i = 0; i < keep.length; i++) keep[i] = plan.columns().get(i).restored();
        InputStream rows = targets(plan).size() == keep.length ? data : new ColumnFilter(data, keep);
        sql.execute("SAVEPOINT preserve_copy");
        try {
            long copied = copyIn("COPY " + Sql.table(plan.target()) + " (" + Sql.names(targets(plan)) + ") FROM STDIN", rows);
            sql.execute("RELEASE SAVEPOINT preserve_copy");
            whole.add(plan.target());
            return Optional.of(new TableOutcome(plan.target(), copied, copied, 0, 0, List.of(), List.of()));
        } catch (SQLException e) {
            sql.execute("ROLLBACK TO SAVEPOINT preserve_copy");
            sql.execute("RELEASE SAVEPOINT preserve_copy");
            if (!SafeWrite.rowLevel(e.getSQLState())) throw e;
            return Optional.empty();
        }
    }

    private TableSchema liveTable(TableRef ref) {
        return live.stream().filter(t -> t.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new RestoreFailed(ref.display(), "not in the database"));
    }

    /**
     * An empty table (or one emptied in this transaction) that provably accepts the snapshot's rows as they are: the
     * same columns and types, and no rule the snapshot's table did not have. Straight COPY; anything else is staged
     * and checked before it is written.
     */
    private boolean loadsDirectly(TablePlan plan) {
        return emptied.contains(plan.target()) && plan.acceptsRowsAsTheyAre();
    }

    long copyIn(String copy, InputStream data) throws SQLException, IOException {
        return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, data, 1 << 16);
    }

    private static List<String> targets(TablePlan plan) {
        return plan.columns().stream().filter(ColumnMapping::restored).map(ColumnMapping::target).toList();
    }

    private static List<String> strings(java.sql.Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    @Override
    public RestoreCompletion finish(boolean advanceSequences, List<io.preserve.domain.model.SequencePosition> recorded) {
        try {
            repeated.putAll(indexes.rebuild(sql, rules, planned));
            repeated.keySet().forEach(whole::remove);
        } catch (Db.Failure e) {
            throw new RestoreFailed("rebuilding indexes after the load: " + PgErrors.describe(e));
        }
        Map<TableRef, Long> parentsTaken;
        try {
            parentsTaken = parents.pull(sql, foreignKeys(), filled);
        } catch (Db.Failure e) {
            throw new RestoreFailed("restoring the parent rows restored rows need (--with-parents): " + PgErrors.describe(e));
        }
        PgOrphans.Outcome orphans;
        sql.execute("SAVEPOINT preserve_orphans");
        try {
            orphans = removeOrphans(whole);
            reattachForeignKeys(true);
        } catch (OrphansInSnapshot e) {
            // the snapshot itself held rows whose parent it lacked: look everywhere this time
            sql.execute("ROLLBACK TO SAVEPOINT preserve_orphans");
            orphans = removeOrphans(Set.of());
            reattachForeignKeys(false);
        }
        try {
            Map<TableRef, List<TableOutcome.Skip>> removed = new java.util.HashMap<>(repeated);
            orphans.removed().forEach((table, skips) -> removed.merge(table, skips, (a, b) -> {
                List<TableOutcome.Skip> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            }));
            List<io.preserve.domain.model.SequenceAdvance> moves = new ArrayList<>(PgSequences.advance(sql, filled, advanceSequences));
            moves.addAll(PgSequences.advance(sql, schema(), recorded, advanceSequences));
            return new RestoreCompletion(parentsTaken, removed, orphans.cleared(), moves);
        } catch (Db.Failure e) {
            throw new RestoreFailed("moving sequences past the restored values: " + PgErrors.describe(e));
        }
    }

    private List<PgOrphans.Key> foreignKeys() {
        return detached.stream().map(Detached::key).toList();
    }

    private PgOrphans.Outcome removeOrphans(Set<TableRef> trusted) {
        try {
            return PgOrphans.remove(sql, foreignKeys(), filled, trusted);
        } catch (Db.Failure e) {
            throw new RestoreFailed("taking out rows whose parent is missing: " + PgErrors.describe(e));
        }
    }

    /** A foreign key between two whole tables failed its validation: the snapshot had orphans of its own. */
    private static final class OrphansInSnapshot extends RuntimeException {
        OrphansInSnapshot() {
            super(null, null, false, false);
        }
    }

    private void reattachForeignKeys(boolean trustingWholeTables) {
        for (Detached fk : detached) {
            try {
                sql.execute("ALTER TABLE " + Sql.table(fk.table()) + " ADD CONSTRAINT " + Sql.name(fk.name())
                        + " " + fk.definition());
            } catch (Db.Failure e) {
                boolean trusted = whole.contains(fk.key().child()) && whole.contains(fk.key().parent());
                if (trustingWholeTables && trusted && "23503".equals(e.sqlState())) throw new OrphansInSnapshot();
                throw new RestoreFailed(fk.table().display(), "foreign key " + fk.name() + ": " + PgErrors.describe(e));
            }
        }
    }

    @Override
    public void commit() {
        try {
            connection.commit();
            committed = true;
        } catch (SQLException e) {
            throw new RestoreFailed("commit: " + PgErrors.describe(e));
        }
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                if (!committed) connection.rollback();
                connection.close();
            }
        } catch (SQLException ignored) {
            // rolling back a broken connection: the server rolls back on its own when it goes
        }
    }

    private String list(Set<TableRef> tables) {
        return tables.stream().map(Sql::table).collect(Collectors.joining(", "));
    }

    static String stageName() {
        return STAGE;
    }
}
