package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;
import io.preserve.adapter.jdbc.PgFilters;

import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads one table whose rows must be looked at before they go in: a table that holds rows, whose rows change shape
 * on the way, or whose rules the snapshot's rows are not known to meet. The snapshot's rows are copied into a
 * temporary table ({@link StagedRow}), then sorted out and written, all set-based:
 * <ol>
 *   <li>what the project computes is computed, and rows whose values no longer fit the live types are taken out and
 *       reported ({@link PgCasts});</li>
 *   <li>rows a category's row filter leaves out are taken out and counted as not selected;</li>
 *   <li>rows that break a rule of the live table (NULL where refused now, a CHECK, a unique index two snapshot rows
 *       share) are taken out and reported; so are rows that clash with a live row on another unique key (the same
 *       email under a new id): the configuration says whether the live row or the snapshot's wins
 *       ({@link RowChecks});</li>
 *   <li>with a key, {@code merge} keeps the rows whose key is there and inserts the rest; {@code overwrite}
 *       updates them to the snapshot's values (an identical row counts as kept) and inserts the rest; without a key,
 *       whole rows are compared as a multiset: a snapshot row goes in unless an identical row is already there,
 *       counting duplicates, so restoring the same snapshot twice never doubles a row;</li>
 *   <li>a row the database still refuses while being written costs that row only ({@link SafeWrite}).</li>
 * </ol>
 */
final class StagedLoad {
    interface Copier {
        long copyIn(String copy, InputStream data) throws SQLException, IOException;
    }

    private final Db sql;
    private final TablePlan plan;
    private final TableSchema live;
    private final Map<String, TableSchema> liveTables;
    private final SnapshotRows snapshotRows;
    private final PgParents parents;
    private final PgRowRules.Rules rules;
    private final boolean emptied;
    /** The table's indexes are built again after the load: its unique indexes find repeated rows then. */
    private final boolean indexesRebuilt;
    private final String target;
    private final String stage = StagedRow.STAGE;
    private final StagedRow row;

    /**
     * The snapshot's rows of the tables that other tables' row filters reach through ({@code via}), kept for the
     * rest of the transaction with their live column names: a filter asks whether a parent row is selected among
     * the live rows and the snapshot's alike, so a child is judged by its parent as the snapshot has it.
     */
    static final class SnapshotRows {
        private record Kept(String copy, List<String> columns) {
        }

        private final Map<String, Kept> kept = new java.util.HashMap<>();
        private final java.util.Set<String> wanted;

        SnapshotRows(java.util.Set<String> wanted) {
            this.wanted = wanted;
        }

        String rowsOf(TableSchema parent) {
            Kept rows = kept.get(parent.ref().name());
            if (rows == null) return Sql.table(parent.ref());
            return "(SELECT " + Sql.names(rows.columns()) + " FROM " + Sql.table(parent.ref()) + " UNION ALL SELECT "
                    + Sql.names(rows.columns()) + " FROM " + Sql.qualified("pg_temp", rows.copy()) + ")";
        }
    }

    StagedLoad(Db sql, TablePlan plan, TableSchema live, Map<String, TableSchema> liveTables, SnapshotRows snapshotRows,
               PgParents parents, PgRowRules.Rules rules, boolean emptied, boolean indexesRebuilt) {
        this.parents = parents;
        this.sql = sql;
        this.plan = plan;
        this.live = live;
        this.liveTables = liveTables;
        this.snapshotRows = snapshotRows;
        this.rules = rules;
        this.emptied = emptied;
        this.indexesRebuilt = indexesRebuilt;
        this.target = Sql.table(plan.target());
        this.row = new StagedRow(sql, plan);
    }

    TableOutcome run(Copier copier, InputStream data) throws SQLException, IOException {
        row.create(target);
        long staged = copier.copyIn("COPY " + stage + " (" + Sql.names(row.sourceNames()) + ") FROM STDIN", data);
        // values that no longer fit go first: filters and keys read values through the live types
        List<TableOutcome.Skip> skips = new ArrayList<>(row.compute());
        for (ColumnMapping c : row.mapped()) {
            String text = row.castFrom(c);
            if (text != null) {
                skips.addAll(PgCasts.removeUnfit(sql, stage, text, c.targetType(),
                        "column " + c.source().name() + " (" + c.source().type() + " in the snapshot)"));
            }
        }
        keepSnapshotRows();
        if (plan.filter() != null) {
            String condition = PgFilters.condition(plan.filter(), live, row::valueOfLive, liveTables, snapshotRows::rowsOf,
                    this::overLiveRow);
            if (plan.held() == TablePlan.Held.FILTERED_OUT && plan.missingValues().isEmpty()) {
                hold("WHERE (" + condition + ") IS NOT TRUE");
            }
            long left = sql.update("DELETE FROM " + stage + " s WHERE (" + condition + ") IS NOT TRUE");
            if (left > 0) skips.add(new TableOutcome.Skip(left, plan.filter().describe()
                    + " (category " + plan.filter().category() + ")", List.of(), TableOutcome.Cause.FILTERED));
        }
        long remaining = staged - rows(skips);
        if (!plan.missingValues().isEmpty()) {
            sql.execute("DROP TABLE " + stage);
            if (remaining > 0) {
                skips.add(TableOutcome.Skip.missingValues(plan, live, remaining));
            }
            return new TableOutcome(plan.target(), staged, 0, 0, 0, skips, List.of());
        }
        if (plan.held() == TablePlan.Held.ALL) {
            long held = hold("");
            sql.execute("DROP TABLE " + stage);
            if (held > 0) {
                skips.add(new TableOutcome.Skip(held, "not needed: no restored row references them (--with-parents)", List.of(), TableOutcome.Cause.FILTERED));
            }
            return new TableOutcome(plan.target(), staged, 0, 0, 0, skips, List.of());
        }
        RowChecks checks = new RowChecks(sql, plan, live, row, rules);
        skips.addAll(checks.nullsAndChecks());
        if (!indexesRebuilt) skips.addAll(checks.duplicates(emptied));
        if (!emptied) skips.addAll(checks.clashes());
        List<String> notes = new ArrayList<>(checks.replaced());
        long fitting = staged - rows(skips);
        List<String> key = keyMappings();
        TableOutcome merged = key.isEmpty() ? mergeWholeRows(fitting)
                : plan.mode() == RestoreMode.OVERWRITE ? overwrite(fitting)
                : mergeByKey(fitting, key);
        sql.execute("DROP TABLE " + stage);
        skips.addAll(merged.skips());
        notes.addAll(merged.notes());
        return new TableOutcome(plan.target(), staged, merged.inserted(), merged.updated(), merged.kept(), skips, notes);
    }

    /**
     * A category's condition on this table, over the staged row as the live table would hold it: live column names
     * (after renames) and live types, so the condition reads as the project's configuration writes it, against
     * the schema as it is now.
     */
    private String overLiveRow(String where) {
        List<String> targets = row.targets();
        List<String> values = row.values();
        return "(SELECT (" + where + ") FROM (SELECT " + java.util.stream.IntStream.range(0, targets.size())
                .mapToObj(i -> values.get(i) + " AS " + Sql.name(targets.get(i))).collect(Collectors.joining(", "))
                + ") AS " + Sql.name(plan.target().name()) + ")";
    }

    /** Holds back staged rows, as they would be inserted, as parents that restored rows may need. */
    private long hold(String where) {
        PgParents.Held held = parents.tableFor(sql, plan.target(), row.targets());
        return sql.update("INSERT INTO " + held.table() + " (" + Sql.names(row.targets()) + ") SELECT "
                + String.join(", ", row.values()) + " FROM " + stage + " s " + where);
    }

    private void keepSnapshotRows() {
        String name = plan.target().name();
        if (!snapshotRows.wanted.contains(name) || snapshotRows.kept.containsKey(name)) return;
        String copy = "preserve_rows_" + snapshotRows.kept.size();
        snapshotRows.kept.put(name, new SnapshotRows.Kept(copy, row.mapped().stream().map(ColumnMapping::target).toList()));
        sql.execute("CREATE TEMPORARY TABLE " + Sql.name(copy) + " ON COMMIT DROP AS SELECT " + row.mapped().stream()
                .map(c -> row.valueOf(c) + " AS " + Sql.name(c.target())).collect(Collectors.joining(", ")) + " FROM " + stage + " s");
    }

    private static long rows(List<TableOutcome.Skip> skips) {
        return skips.stream().mapToLong(TableOutcome.Skip::rows).sum();
    }

    private String insert(String rows, String onConflict) {
        return "INSERT INTO " + target + " AS t (" + Sql.names(row.targets()) + ") OVERRIDING SYSTEM VALUE SELECT "
                + String.join(", ", row.values()) + " FROM " + stage + " s WHERE " + rows + " " + onConflict;
    }

    private TableOutcome mergeByKey(long staged, List<String> key) {
        String match = String.join(" AND ", key);
        long kept = sql.number("SELECT count(*) FROM " + stage + " s WHERE EXISTS (SELECT 1 FROM " + target
                + " t WHERE " + match + ")");
        var written = SafeWrite.run(sql, stage, row, rows -> new long[] {sql.update(insert(rows, "ON CONFLICT DO NOTHING")), 0});
        long conflicting = staged - kept - written.inserted() - written.refusedRows();
        List<TableOutcome.Skip> skips = new ArrayList<>(written.refused());
        if (conflicting > 0) {
            List<String> examples = sql.query("SELECT " + row.keyText() + " FROM " + stage + " s WHERE NOT EXISTS (SELECT 1 FROM "
                    + target + " t WHERE " + match + ") LIMIT 3", r -> r.getString(1));
            skips.add(new TableOutcome.Skip(conflicting, "conflicts with an existing row on another unique key",
                    row.examples(examples), TableOutcome.Cause.CONFLICT));
        }
        return new TableOutcome(plan.target(), staged, written.inserted(), 0, kept, skips, kept > 0 ? differing(match) : List.of());
    }

    /**
     * Rows kept because the database has a row of the same key, whose values differ from the snapshot's: often a row a
     * seed or a migration created under a key the snapshot's row had (an id from a sequence). Said, because the rows
     * restored under it now belong to the database's row.
     */
    private List<String> differing(String match) {
        List<String> columns = row.targets();
        // compared as text: some types (json, point, xml) have no equality operator
        String differ = "ROW(" + Sql.qualified("t", columns) + ")::text IS DISTINCT FROM ROW(" + String.join(", ", row.values()) + ")::text";
        var found = sql.query("SELECT count(*), (array_agg(k ORDER BY k))[1:3] FROM (SELECT " + row.keyText() + " AS k FROM "
                + stage + " s JOIN " + target + " t ON " + match + " WHERE " + differ + ") d",
                r -> new Object[] {r.getLong(1), PgCasts.strings(r.getArray(2))}).get(0);
        long count = (Long) found[0];
        if (count == 0) return List.of();
        @SuppressWarnings("unchecked") List<String> keys = (List<String>) found[1];
        return List.of(io.preserve.domain.model.Counted.rows(count) + " kept as the database has them, which differ from the snapshot's (e.g. "
                + String.join("; ", row.examples(keys)) + "): rows restored under them now belong to the database's rows;"
                + " --mode overwrite puts the snapshot's values in");
    }

    /**
     * The snapshot wins: one {@code INSERT … ON CONFLICT (key) DO UPDATE} that changes only rows that differ, so
     * identical rows count as kept. Identity columns that are always generated are never updated.
     */
    private TableOutcome overwrite(long staged) {
        List<TableOutcome.Skip> skips = keepRowsThatWouldBeOrphaned();
        staged -= rows(skips);
        List<String> settable = row.targets().stream()
                .filter(c -> !plan.conflictKey().contains(c))
                .filter(c -> live.column(c).map(col -> !"always".equals(col.identity())).orElse(true))
                .toList();
        String conflict = "ON CONFLICT (" + Sql.names(plan.conflictKey()) + ") DO ";
        String action = settable.isEmpty() ? conflict + "NOTHING"
                : conflict + "UPDATE SET (" + Sql.names(settable) + ") = ROW(" + Sql.qualified("EXCLUDED", settable) + ")"
                + " WHERE ROW(" + Sql.qualified("t", settable) + ")::text IS DISTINCT FROM ROW(" + Sql.qualified("EXCLUDED", settable) + ")::text";
        var written = SafeWrite.run(sql, stage, row, rows -> sql.query("WITH written AS (" + insert(rows, action)
                + " RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)"
                + " FROM written", r -> new long[] {r.getLong(1), r.getLong(2)}).get(0));
        skips.addAll(written.refused());
        long kept = staged - written.inserted() - written.updated() - written.refusedRows();
        return new TableOutcome(plan.target(), staged, written.inserted(), written.updated(), kept, skips, List.of());
    }

    /**
     * A snapshot row that would overwrite a live row but references a parent row that is not there: the live row
     * stays as it was (taking it out afterwards as an orphan would lose it), and the snapshot's row is reported.
     * Rows that are new are left to the orphan check at the end, which sees every parent restored by then.
     */
    private List<TableOutcome.Skip> keepRowsThatWouldBeOrphaned() {
        List<TableOutcome.Skip> skips = new ArrayList<>();
        String existing = "EXISTS (SELECT 1 FROM " + target + " t WHERE " + String.join(" AND ", keyMappings()) + ")";
        for (var fk : live.foreignKeys()) {
            if (fk.referenced().equals(live.ref()) || !fk.columns().stream().allMatch(row::gives)) continue;
            List<String> child = fk.columns().stream().map(row::valueOfLive).toList();
            String present = child.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" AND "));
            String match = java.util.stream.IntStream.range(0, child.size())
                    .mapToObj(i -> "p." + Sql.name(fk.referencedColumns().get(i)) + " = " + child.get(i))
                    .collect(Collectors.joining(" AND "));
            String missing = child.stream().map(c -> "coalesce(" + c + "::text, 'NULL')").collect(Collectors.joining(" || ', ' || "));
            var gone = sql.query("WITH gone AS (DELETE FROM " + stage + " s WHERE " + existing + " AND " + present
                    + " AND NOT EXISTS (SELECT 1 FROM " + Sql.table(fk.referenced()) + " p WHERE " + match + ") RETURNING "
                    + missing + " AS missing) SELECT count(*), (array_agg(DISTINCT missing ORDER BY missing))[1:3] FROM gone",
                    r -> new TableOutcome.Skip(r.getLong(1), fk.referenced().name() + " " + String.join(", ", fk.referencedColumns())
                            + " not found (the database's row is kept as it was)", PgCasts.strings(r.getArray(2)),
                            TableOutcome.Cause.ORPHAN)).get(0);
            if (gone.rows() > 0) skips.add(gone);
        }
        return skips;
    }

    /**
     * Without a key: a snapshot row goes in unless an identical row is there, counting copies, so restoring the same
     * snapshot twice never doubles a row. The rows that are there are taken out of the stage first, as kept.
     */
    private TableOutcome mergeWholeRows(long staged) {
        String stagedRow = "ROW(" + row.mapped().stream().map(row::valueOf).collect(Collectors.joining(", ")) + ")::text";
        String liveRow = "ROW(" + Sql.qualified("t", row.mapped().stream().map(ColumnMapping::target).toList()) + ")::text";
        long kept = sql.update("DELETE FROM " + stage + " s USING (SELECT x.preserve_row FROM (SELECT s.ctid AS preserve_row, "
                + stagedRow + " AS row_text, row_number() OVER (PARTITION BY " + stagedRow + ") AS preserve_copy FROM " + stage
                + " s) x JOIN (SELECT " + liveRow + " AS row_text, count(*) AS copies FROM " + target + " t GROUP BY 1) existing"
                + " ON existing.row_text = x.row_text WHERE x.preserve_copy <= existing.copies) present WHERE s.ctid = present.preserve_row");
        var written = SafeWrite.run(sql, stage, row, rows -> new long[] {sql.update(insert(rows, "ON CONFLICT DO NOTHING")), 0});
        List<TableOutcome.Skip> skips = new ArrayList<>(written.refused());
        long conflicting = staged - kept - written.inserted() - written.refusedRows();
        if (conflicting > 0) {
            skips.add(new TableOutcome.Skip(conflicting, "conflicts with an existing row on a unique key", List.of(),
                    TableOutcome.Cause.CONFLICT));
        }
        return new TableOutcome(plan.target(), staged, written.inserted(), 0, kept, skips, List.of());
    }

    /** The key as equality terms between live {@code t} and staged {@code s}; empty if a key column is not restored. */
    private List<String> keyMappings() {
        if (plan.conflictKey().isEmpty() || !plan.conflictKey().stream().allMatch(row::gives)) return List.of();
        return plan.conflictKey().stream().map(c -> "t." + Sql.name(c) + " = " + row.valueOfLive(c)).toList();
    }
}
