package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.list;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectCount;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sql;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.trueCondition;

/**
 * Loads one table whose rows must be looked at before they go in (a table that holds rows, one whose rows change
 * shape on the way, or one with a rule the snapshot's rows are not known to meet), all set-based, in the restore's
 * transaction:
 * <ol>
 *   <li>the rows are staged as the live table would hold them, values that no longer fit taken out on the way
 *       ({@link MySqlStage});</li>
 *   <li>rows a category's row filter leaves out are taken out (or held back as parents, {@code --with-parents});</li>
 *   <li>rows that break a rule of the live table (NULL refused, a CHECK, a unique index two snapshot rows share, a
 *       clash with a live row on another unique key) are taken out and named ({@link MySqlRowChecks});</li>
 *   <li>{@code merge} inserts the rows whose key is absent; {@code overwrite} first gives the rows whose key is there
 *       the snapshot's values; a row the server still refuses costs that row only ({@link MySqlSafeWrite}).</li>
 * </ol>
 */
final class MySqlStagedLoad {
    private final Statements sql;
    private final Map<String, TableSchema> liveTables;
    private final TablePlan plan;
    private final TableSchema target;
    private final MySqlStage stage;
    private final MySqlParents parents;
    private final boolean emptied;
    private final String alias;
    /** Live rows that {@code conflicts: {T: snapshot}} replaced with the snapshot's, said in the table's notes. */
    private final List<String> replaced = new ArrayList<>();

    MySqlStagedLoad(Statements sql, Map<String, TableSchema> liveTables, TablePlan plan, TableSchema target, String stageName,
                    MySqlParents parents, boolean emptied, MySqlBulkLoad bulk) {
        this.sql = sql;
        this.liveTables = liveTables;
        this.plan = plan;
        this.target = target;
        this.stage = new MySqlStage(sql, plan, target, stageName, bulk);
        this.parents = parents;
        this.emptied = emptied;
        this.alias = target.ref().name();
    }

    TableOutcome run(Supplier<InputStream> data) throws SQLException {
        try {
            stage.fill(data);
            List<TableOutcome.Skip> skips = new ArrayList<>(stage.skips());
            MySqlRowChecks checks = new MySqlRowChecks(sql, plan, stage);
            // the rules judge the staged values, each row as the live table would hold it; the writes below run strict
            if (MySqlStage.lenient(sql, () -> judge(checks, skips))) {
                return new TableOutcome(plan.target(), stage.read(), 0, 0, 0, skips, notes());
            }
            return write(skips);
        } finally {
            sql.execute(sql.dsl().dropTemporaryTableIfExists(name(stage.tableName())));
        }
    }

    /**
     * Takes out the rows the live table's rules refuse and those a filter leaves out (holding back parents for
     * {@code --with-parents}); true when the table's rows are all held back, as parents only.
     */
    private boolean judge(MySqlRowChecks checks, List<TableOutcome.Skip> skips) throws SQLException {
        if (plan.held() == TablePlan.Held.ALL) {
            // held back as they would be inserted; the server checks those that go in (MySqlParents)
            long held = parents.hold(sql, target, stage.tableName(), alias, stage.columns(), trueCondition());
            if (held > 0) {
                skips.add(new TableOutcome.Skip(held, "not needed: no restored row references them (--with-parents)", List.of(),
                        TableOutcome.Cause.FILTERED));
            }
            return true;
        }
        if (plan.filter() != null) {
            Condition left = org.jooq.impl.DSL.condition("({0}) IS NOT TRUE", MySqlFilters.of(plan.filter(), target, liveTables));
            if (plan.held() == TablePlan.Held.FILTERED_OUT) parents.hold(sql, target, stage.tableName(), alias, stage.columns(), left);
            long out = sql.execute(sql.dsl().query("DELETE {0} FROM {1} AS {0} WHERE {2}", name(alias), table(name(stage.tableName())), left));
            if (out > 0) {
                skips.add(new TableOutcome.Skip(out, plan.filter().describe() + " (category " + plan.filter().category() + ")",
                        List.of(), TableOutcome.Cause.FILTERED));
            }
        }
        skips.addAll(checks.nullsAndChecks());
        skips.addAll(checks.duplicates(emptied));
        if (!emptied) {
            skips.addAll(checks.clashes());
            replaced.addAll(checks.replaced());
        }
        return false;
    }

    private TableOutcome write(List<TableOutcome.Skip> skips) throws SQLException {
        Table<?> live = table(name(target.ref().schema(), target.ref().name()));
        Table<?> staged = table(name(stage.tableName()));
        List<String> columns = stage.columns();
        boolean wholeRows = plan.conflictKey().isEmpty() || !stage.gives(plan.conflictKey());
        List<String> key = wholeRows ? columns : plan.conflictKey();
        Condition match = and(key.stream().map(c -> field(name("t", c)).isNotDistinctFrom(field(name("s", c)))).toList());
        // without a key, whole rows as a multiset: the rows already there (counting copies) leave the stage as kept
        long existing = emptied ? 0 : wholeRows ? keepPresent(live, staged, columns)
                : sql.number(selectCount().from(staged.as("s")).where(exists(selectOne().from(live.as("t")).where(match))));
        long[] range = sql.query(sql.dsl().select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.min(field(name(MySqlStage.NUMBER), Long.class)), 1L),
                org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.max(field(name(MySqlStage.NUMBER), Long.class)), 0L)).from(staged),
                r -> new long[] {r.getLong(1), r.getLong(2)}).get(0);
        Field<Long> number = field(name("s", MySqlStage.NUMBER), Long.class);
        MySqlSafeWrite.KeyOf keyOf = n -> sql.query(sql.dsl().select(stage.keyText("s")).from(staged.as("s")).where(number.eq(n)),
                r -> r.getString(1)).stream().findFirst().orElse("row " + n);
        long updated = 0;
        long updateRefused = 0;
        List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
        List<TableOutcome.Skip> refused = new ArrayList<>();
        if (plan.mode() == RestoreMode.OVERWRITE && !plan.conflictKey().isEmpty() && existing > 0 && !others.isEmpty()) {
            // the snapshot wins: the rows whose key is there take its values
            // only the rows that differ, byte for byte ('abc' and 'ABC' differ under a _ci collation too): an
            // identical row counts as kept
            Condition differs = org.jooq.impl.DSL.not(and(others.stream().map(c -> same(field(name("t", c)), field(name("s", c)))).toList()));
            var update = MySqlSafeWrite.run(sql, number, range[0], range[1], keyOf, "refused by the database", rows ->
                    new long[] {0, sql.execute(sql.dsl().query("UPDATE {0} AS {1} JOIN {2} AS {3} ON {4} SET {5} WHERE {6} AND {7}", live, name("t"),
                            staged, name("s"), match, list(others.stream().map(c -> sql("{0} = {1}", field(name("t", c)), field(name("s", c)))).toList()),
                            rows, differs))});
            refused.addAll(update.refused());
            updateRefused = update.refusedCount();
            updated = update.updated();
            if (update.refusedCount() > 0) {
                for (int from = 0; from < update.refusedRows().size(); from += MySqlStage.ROWS) {
                    var some = update.refusedRows().subList(from, Math.min(update.refusedRows().size(), from + MySqlStage.ROWS));
                    sql.execute(sql.dsl().deleteFrom(staged).where(field(name(MySqlStage.NUMBER), Long.class).in(some)));
                }
            }
        }
        // ON DUPLICATE KEY UPDATE with a no-op: a clash on a unique key the checks could not see (a prefix or an
        // expression) keeps the live row (counted as a conflict) where INSERT IGNORE would also hide data errors
        String first = columns.get(0);
        Condition absent = emptied || wholeRows ? trueCondition() : notExists(selectOne().from(live.as("t")).where(match));
        var insert = MySqlSafeWrite.run(sql, number, range[0], range[1], keyOf, "refused by the database", rows ->
                new long[] {sql.insertKeeping(sql.dsl().query("INSERT INTO {0} ({1}) SELECT {2} FROM {3} AS {4} WHERE {5} AND {6}"
                                + " ON DUPLICATE KEY UPDATE {7}", live, list(columns.stream().map(c -> field(name(c))).toList()),
                        list(columns.stream().map(c -> field(name("s", c))).toList()), staged, name("s"), absent, rows,
                        sql.keepOnClash(field(name(target.ref().name(), first))))), 0});
        refused.addAll(insert.refused());
        long staged0 = stage.read() - rows(skips);
        long kept = existing - updated - updateRefused;
        long clashing = staged0 - existing - insert.inserted() - insert.refusedCount();
        skips.addAll(refused);
        if (clashing > 0) {
            skips.add(new TableOutcome.Skip(clashing, "conflicts with an existing row on " + (wholeRows ? "a" : "another") + " unique key", List.of(),
                    TableOutcome.Cause.CONFLICT));
        }
        List<String> notes = notes();
        if (plan.mode() == RestoreMode.MERGE && !wholeRows && existing > 0 && !others.isEmpty()) {
            notes.addAll(differing(live, staged, match, others, number));
        }
        return new TableOutcome(plan.target(), stage.read(), insert.inserted(), updated, kept, skips, notes);
    }

    /**
     * Rows merge kept because the database has a row of the same key, whose values differ from the snapshot's, byte
     * for byte: often a row a seed or a migration created under a key the snapshot's row had (the admin a seed made
     * again, with another password). Said as on PostgreSQL, because the rows restored under it now belong to the
     * database's row.
     */
    private List<String> differing(Table<?> live, Table<?> staged, Condition match, List<String> others, Field<Long> number)
            throws SQLException {
        Condition differs = org.jooq.impl.DSL.not(and(others.stream().map(c -> same(field(name("t", c)), field(name("s", c)))).toList()));
        long count = sql.number(selectCount().from(staged.as("s")).join(live.as("t")).on(match).where(differs));
        if (count == 0) return List.of();
        List<String> examples = sql.query(sql.dsl().select(stage.keyText("s")).from(staged.as("s")).join(live.as("t")).on(match)
                .where(differs).orderBy(number).limit(3), r -> r.getString(1));
        return List.of(io.preserve.domain.model.Counted.rows(count) + " kept as the database has them, which differ from the"
                + " snapshot's (e.g. " + String.join("; ", examples) + "): rows restored under them now belong to the database's"
                + " rows; --mode overwrite puts the snapshot's values in");
    }

    /** Two values the same byte for byte, NULL-safe (a {@code _ci} collation would call 'abc' and 'ABC' equal). */
    private static Condition same(Field<?> a, Field<?> b) {
        return org.jooq.impl.DSL.condition("CAST({0} AS BINARY) <=> CAST({1} AS BINARY)", a, b);
    }

    /**
     * A table without a key: the staged rows that are in the live table already, byte for byte and counting copies
     * (the n-th copy of a row in the snapshot is there if the table has at least n), are taken out of the stage and
     * counted as kept, so that every other row goes in. Rows are told apart by the SHA-256 of each value's bytes
     * (grouping on a long value itself would look only at its first {@code max_sort_length} bytes). The rows found are
     * set aside first: MySQL cannot name a TEMPORARY table twice in one statement.
     */
    private long keepPresent(Table<?> live, Table<?> staged, List<String> columns) throws SQLException {
        String present = stage.tableName() + "_present";
        // (in a template an aliased field renders as its alias alone: the aliases are written out)
        List<org.jooq.QueryPart> stagedHashes = new ArrayList<>();
        List<org.jooq.QueryPart> liveHashes = new ArrayList<>();
        List<Field<?>> hashes = new ArrayList<>();
        List<Condition> sameRow = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            stagedHashes.add(sql("{0} AS {1}", hash(field(name("s", columns.get(i)))), name("preserve_h" + i)));
            liveHashes.add(sql("{0} AS {1}", hash(field(name("t", columns.get(i)))), name("preserve_h" + i)));
            hashes.add(field(name("preserve_h" + i)));
            sameRow.add(org.jooq.impl.DSL.condition("{0} <=> {1}", field(name("x", "preserve_h" + i)), field(name("e", "preserve_h" + i))));
        }
        sql.execute(sql.dsl().query("CREATE TEMPORARY TABLE {0} (PRIMARY KEY ({1})) SELECT {2} AS {1} FROM (SELECT {1}, {3},"
                        + " ROW_NUMBER() OVER (PARTITION BY {4} ORDER BY {1}) AS {5} FROM (SELECT {6} AS {1}, {7} FROM {8} AS {9}) AS {10}) AS {11}"
                        + " JOIN (SELECT {12}, COUNT(*) AS {13} FROM {14} AS {15} GROUP BY {4}) AS {16} ON {17} WHERE {18} <= {19}",
                name(present), name(MySqlStage.NUMBER), field(name("x", MySqlStage.NUMBER)), list(hashes), list(hashes), name("preserve_copy"),
                field(name("s", MySqlStage.NUMBER)), list(stagedHashes), staged, name("s"), name("y"), name("x"),
                list(liveHashes), name("preserve_copies"), live, name("t"), name("e"), and(sameRow),
                field(name("x", "preserve_copy")), field(name("e", "preserve_copies"))));
        try {
            return sql.execute(sql.dsl().query("DELETE {0} FROM {1} AS {0} JOIN {2} AS {3} ON {4} = {5}", name("s"), staged, table(name(present)),
                    name("p"), field(name("s", MySqlStage.NUMBER)), field(name("p", MySqlStage.NUMBER))));
        } finally {
            sql.execute(sql.dsl().dropTemporaryTableIfExists(name(present)));
        }
    }

    private static Field<String> hash(Field<?> value) {
        return field(org.jooq.impl.DSL.sql("SHA2(CAST({0} AS BINARY), 256)", value), String.class);
    }

    private static long rows(List<TableOutcome.Skip> skips) {
        return skips.stream().mapToLong(TableOutcome.Skip::rows).sum();
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (stage.loadNote() != null) notes.add(stage.loadNote());
        notes.addAll(replaced);
        return notes;
    }
}
