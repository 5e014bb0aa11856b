package io.preserve.adapter.jdbc;

import io.preserve.domain.model.ColumnFill;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreRules;
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
 * Loads one table that already holds rows, or whose rows change shape on the way: the snapshot's rows are copied
 * into a temporary table shaped like the snapshot (live types where the values fit, text where they do not), then
 * sorted out and merged into the live table, all set-based:
 * <ol>
 *   <li>rows a category's row filter leaves out are taken out of the stage and counted;</li>
 *   <li>rows whose values no longer fit the live types are taken out and reported ({@link PgCasts});</li>
 *   <li>rows that clash with a live row on another unique key (the same email under a new id) are reported with
 *       both keys; the configuration says whether the live row or the snapshot's wins;</li>
 *   <li>with a key, {@code merge} keeps the rows whose key is there and inserts the rest; {@code overwrite}
 *       updates them to the snapshot's values (an identical row counts as kept) and inserts the rest;</li>
 *   <li>without a key, whole rows are compared as a multiset: a snapshot row goes in unless an identical row is
 *       already there, counting duplicates, so restoring the same snapshot twice never doubles a row.</li>
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
    private final String target;
    private final String stage;

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
               PgParents parents) {
        this.parents = parents;
        this.sql = sql;
        this.plan = plan;
        this.live = live;
        this.liveTables = liveTables;
        this.snapshotRows = snapshotRows;
        this.target = Sql.table(plan.target());
        this.stage = Sql.qualified("pg_temp", PgRestoreSession.stageName());
    }

    TableOutcome run(Copier copier, InputStream data) throws SQLException, IOException {
        createStage();
        long staged = copier.copyIn("COPY " + stage + " (" + Sql.names(sourceNames()) + ") FROM STDIN", data);
        List<TableOutcome.Skip> skips = new ArrayList<>();
        // values that no longer fit go first: filters and keys read values through the live types
        for (ColumnMapping c : mapped()) {
            if (!c.identical()) skips.addAll(PgCasts.removeUnfit(sql, stage, c));
        }
        keepSnapshotRows();
        if (plan.filter() != null) {
            String condition = PgFilters.condition(plan.filter(), live, this::stagedLiveColumn, liveTables, snapshotRows::rowsOf,
                    this::overLiveRow);
            if (plan.held() == TablePlan.Held.FILTERED_OUT && plan.missingValue() == null) {
                hold("WHERE (" + condition + ") IS NOT TRUE");
            }
            long left = sql.update("DELETE FROM " + stage + " s WHERE ("
                    + condition
                    + ") IS NOT TRUE");
            if (left > 0) skips.add(new TableOutcome.Skip(left, "not selected: " + plan.filter().describe()
                    + " (category " + plan.filter().category() + ")", List.of(), TableOutcome.Cause.FILTERED));
        }
        long remaining = staged - skipped(skips);
        if (plan.missingValue() != null) {
            sql.execute("DROP TABLE " + stage);
            if (remaining > 0) {
                skips.add(new TableOutcome.Skip(remaining, "column " + plan.missingValue() + " is new, NOT NULL and"
                        + " without a default: give it a value with --default " + plan.target().name() + "."
                        + plan.missingValue() + "=VALUE", List.of(), TableOutcome.Cause.SCHEMA_CHANGE));
            }
            return new TableOutcome(plan.target(), staged, 0, 0, 0, skips, null, List.of());
        }
        if (plan.held() == TablePlan.Held.ALL) {
            long held = hold("");
            sql.execute("DROP TABLE " + stage);
            if (held > 0) {
                skips.add(new TableOutcome.Skip(held, "not needed: no restored row references them (--with-parents)", List.of(), TableOutcome.Cause.FILTERED));
            }
            return new TableOutcome(plan.target(), staged, 0, 0, 0, skips, null, List.of());
        }
        List<String> key = keyMappings();
        if (!key.isEmpty()) {
            for (List<String> unique : plan.otherKeys()) clashes(unique, key).ifPresent(skips::add);
        }
        long fitting = staged - skipped(skips);
        Projection p = projection();
        TableOutcome merged = key.isEmpty() ? mergeWholeRows(fitting, p.targets(), p.values(), p.binds())
                : plan.mode() == RestoreMode.OVERWRITE ? overwrite(fitting, p.targets(), p.values(), p.binds())
                : mergeByKey(fitting, p.targets(), p.values(), key, p.binds());
        sql.execute("DROP TABLE " + stage);
        skips.addAll(merged.skips());
        return new TableOutcome(plan.target(), staged, merged.inserted(), merged.updated(), merged.kept(), skips, null,
                merged.notes());
    }

    /** The live columns a staged row goes to, and the values it gives them (with the new columns' fills). */
    private record Projection(List<String> targets, List<String> values, Object[] binds) {
    }

    private Projection projection() {
        List<String> targets = new ArrayList<>(mapped().stream().map(ColumnMapping::target).toList());
        List<String> values = new ArrayList<>(mapped().stream().map(this::valueOf).toList());
        List<Object> binds = new ArrayList<>();
        for (ColumnFill fill : plan.fills()) {
            targets.add(fill.column());
            if (fill.expression()) {
                values.add("CAST((" + fill.value() + ") AS " + fill.type() + ")");
            } else {
                values.add("CAST(? AS " + fill.type() + ")");
                binds.add(fill.value());
            }
        }
        return new Projection(targets, values, binds.toArray());
    }

    /**
     * A category's condition on this table, over the staged row as the live table would hold it: live column names
     * (after renames) and live types, so the condition reads as the project's configuration writes it, against
     * the schema as it is now.
     */
    private String overLiveRow(String where) {
        return "(SELECT (" + where + ") FROM (SELECT " + mapped().stream().map(c -> valueOf(c) + " AS " + Sql.name(c.target()))
                .collect(Collectors.joining(", ")) + ") AS " + Sql.name(plan.target().name()) + ")";
    }

    /** Holds back staged rows, as they would be inserted, as parents that restored rows may need. */
    private long hold(String where) {
        Projection p = projection();
        PgParents.Held held = parents.tableFor(sql, plan.target(), p.targets());
        return sql.update("INSERT INTO " + held.table() + " (" + Sql.names(p.targets()) + ") SELECT "
                + String.join(", ", p.values()) + " FROM " + stage + " s " + where, p.binds());
    }

    private void keepSnapshotRows() {
        String name = plan.target().name();
        if (!snapshotRows.wanted.contains(name) || snapshotRows.kept.containsKey(name)) return;
        String copy = "preserve_rows_" + snapshotRows.kept.size();
        snapshotRows.kept.put(name, new SnapshotRows.Kept(copy, mapped().stream().map(ColumnMapping::target).toList()));
        sql.execute("CREATE TEMPORARY TABLE " + Sql.name(copy) + " ON COMMIT DROP AS SELECT " + mapped().stream()
                .map(c -> valueOf(c) + " AS " + Sql.name(c.target())).collect(Collectors.joining(", ")) + " FROM " + stage + " s");
    }

    private static long skipped(List<TableOutcome.Skip> skips) {
        return skips.stream().mapToLong(TableOutcome.Skip::rows).sum();
    }

    private void createStage() {
        List<String> select = new ArrayList<>();
        for (ColumnMapping c : plan.columns()) {
            String as = Sql.name(c.source().name());
            select.add(c.identical() ? "t." + Sql.name(c.target()) + " AS " + as : "NULL::text AS " + as);
        }
        sql.execute("CREATE TEMPORARY TABLE " + Sql.name(PgRestoreSession.stageName()) + " ON COMMIT DROP AS SELECT "
                + String.join(", ", select) + " FROM " + target + " t WITH NO DATA");
    }

    /**
     * Staged rows that share another unique key's values with a live row of a different key. The live row wins
     * unless the configuration says the snapshot does: then the live row is deleted, and the snapshot's goes in.
     */
    private java.util.Optional<TableOutcome.Skip> clashes(List<String> unique, List<String> key) {
        String same = unique.stream().map(c -> "t." + Sql.name(c) + " = " + stagedLiveColumn(c)).collect(Collectors.joining(" AND "));
        String clash = same + " AND NOT (" + String.join(" AND ", key) + ")";
        String stagedKey = keyText(keyColumns().stream().map(this::valueOf).toList());
        String liveKey = keyText(plan.conflictKey().stream().map(c -> "t." + Sql.name(c)).toList());
        String uniqueText = keyText(unique.stream().map(c -> "t." + Sql.name(c)).toList());
        List<String> examples = sql.query("SELECT " + uniqueText + ", " + stagedKey + ", " + liveKey + " FROM " + stage
                + " s JOIN " + target + " t ON " + clash + " ORDER BY 2 LIMIT 3",
                r -> String.join(", ", unique) + " " + r.getString(1) + ": " + String.join(", ", plan.conflictKey())
                        + " " + r.getString(2) + " in the snapshot, " + r.getString(3) + " in the database");
        if (examples.isEmpty()) return java.util.Optional.empty();
        if (plan.winner() == RestoreRules.ConflictWinner.SNAPSHOT) {
            sql.update("DELETE FROM " + target + " t USING " + stage + " s WHERE " + clash);
            return java.util.Optional.empty();
        }
        long rows = sql.update("DELETE FROM " + stage + " s WHERE EXISTS (SELECT 1 FROM " + target + " t WHERE " + clash + ")");
        return java.util.Optional.of(new TableOutcome.Skip(rows, "the database has another row with the same "
                + String.join(", ", unique) + " (the database's row is kept; conflicts: {" + plan.target().name()
                + ": snapshot} in preserve.yaml lets the snapshot's win)", examples, TableOutcome.Cause.CONFLICT));
    }

    private static String keyText(List<String> values) {
        return values.stream().map(v -> "coalesce(" + v + "::text, 'NULL')").collect(Collectors.joining(" || ', ' || "));
    }

    private TableOutcome mergeByKey(long staged, List<String> targets, List<String> values, List<String> key, Object[] binds) {
        String match = String.join(" AND ", key);
        long kept = sql.number("SELECT count(*) FROM " + stage + " s WHERE EXISTS (SELECT 1 FROM " + target
                + " t WHERE " + match + ")");
        long inserted = sql.update("INSERT INTO " + target + " (" + Sql.names(targets) + ") OVERRIDING SYSTEM VALUE SELECT "
                + String.join(", ", values) + " FROM " + stage + " s ON CONFLICT DO NOTHING", binds);
        long conflicting = staged - kept - inserted;
        List<TableOutcome.Skip> skips = new ArrayList<>();
        if (conflicting > 0) {
            String keyText = keyText(keyColumns().stream().map(this::valueOf).toList());
            List<String> examples = sql.query("SELECT " + keyText + " FROM " + stage + " s WHERE NOT EXISTS (SELECT 1 FROM "
                    + target + " t WHERE " + match + ") LIMIT 3", r -> r.getString(1));
            skips.add(new TableOutcome.Skip(conflicting, "conflicts with an existing row on another unique key", examples,
                    TableOutcome.Cause.CONFLICT));
        }
        return new TableOutcome(plan.target(), staged, inserted, 0, kept, skips, null, List.of());
    }

    /**
     * The snapshot wins: one {@code INSERT … ON CONFLICT (key) DO UPDATE} that changes only rows that differ, so
     * identical rows count as kept. Identity columns that are always generated are never updated.
     */
    private TableOutcome overwrite(long staged, List<String> targets, List<String> values, Object[] binds) {
        List<TableOutcome.Skip> skips = keepRowsThatWouldBeOrphaned();
        staged -= skipped(skips);
        List<String> settable = targets.stream()
                .filter(c -> !plan.conflictKey().contains(c))
                .filter(c -> live.column(c).map(col -> !"always".equals(col.identity())).orElse(true))
                .toList();
        String conflict = "ON CONFLICT (" + Sql.names(plan.conflictKey()) + ") DO ";
        String action = settable.isEmpty() ? conflict + "NOTHING"
                : conflict + "UPDATE SET (" + Sql.names(settable) + ") = ROW(" + Sql.qualified("EXCLUDED", settable) + ")"
                + " WHERE ROW(" + Sql.qualified("t", settable) + ") IS DISTINCT FROM ROW(" + Sql.qualified("EXCLUDED", settable) + ")";
        var counts = sql.query("WITH written AS (INSERT INTO " + target + " AS t (" + Sql.names(targets)
                + ") OVERRIDING SYSTEM VALUE SELECT " + String.join(", ", values) + " FROM " + stage + " s " + action
                + " RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)"
                + " FROM written", r -> new long[] {r.getLong(1), r.getLong(2)}, binds).get(0);
        return new TableOutcome(plan.target(), staged, counts[0], counts[1], staged - counts[0] - counts[1], skips, null,
                List.of());
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
            if (fk.referenced().equals(live.ref()) || !fk.columns().stream().allMatch(c -> plan.mappingTo(c).isPresent())) continue;
            List<String> child = fk.columns().stream().map(this::stagedLiveColumn).toList();
            String present = child.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" AND "));
            String match = java.util.stream.IntStream.range(0, child.size())
                    .mapToObj(i -> "p." + Sql.name(fk.referencedColumns().get(i)) + " = " + child.get(i))
                    .collect(Collectors.joining(" AND "));
            var gone = sql.query("WITH gone AS (DELETE FROM " + stage + " s WHERE " + existing + " AND " + present
                    + " AND NOT EXISTS (SELECT 1 FROM " + Sql.table(fk.referenced()) + " p WHERE " + match + ") RETURNING "
                    + keyText(child) + " AS missing) SELECT count(*), (array_agg(DISTINCT missing ORDER BY missing))[1:3] FROM gone",
                    r -> new TableOutcome.Skip(r.getLong(1), fk.referenced().name() + " " + String.join(", ", fk.referencedColumns())
                            + " not found (the database's row is kept as it was)",
                            r.getArray(2) == null ? List.of() : List.of((String[]) r.getArray(2).getArray()),
                            TableOutcome.Cause.ORPHAN)).get(0);
            if (gone.rows() > 0) skips.add(gone);
        }
        return skips;
    }

    private TableOutcome mergeWholeRows(long staged, List<String> targets, List<String> values, Object[] binds) {
        String stagedRow = "ROW(" + mapped().stream().map(this::valueOf).collect(Collectors.joining(", ")) + ")::text";
        String liveRow = "ROW(" + Sql.qualified("t", mapped().stream().map(ColumnMapping::target).toList()) + ")::text";
        long inserted = sql.update("INSERT INTO " + target + " (" + Sql.names(targets) + ") OVERRIDING SYSTEM VALUE SELECT "
                + String.join(", ", values)
                + " FROM (SELECT s.*, row_number() OVER (PARTITION BY " + stagedRow + ") AS preserve_copy FROM " + stage + " s) s"
                + " LEFT JOIN (SELECT " + liveRow + " AS row_text, count(*) AS copies FROM " + target + " t GROUP BY 1) existing"
                + " ON existing.row_text = " + stagedRow
                + " WHERE s.preserve_copy > coalesce(existing.copies, 0) ON CONFLICT DO NOTHING", binds);
        return new TableOutcome(plan.target(), staged, inserted, 0, staged - inserted, List.of(), null, List.of());
    }

    /** The key as equality terms between live {@code t} and staged {@code s}; empty if a key column is not restored. */
    private List<String> keyMappings() {
        List<ColumnMapping> key = keyColumns();
        if (key.size() != plan.conflictKey().size()) return List.of();
        return key.stream().map(c -> "t." + Sql.name(c.target()) + " = " + valueOf(c)).toList();
    }

    private List<ColumnMapping> keyColumns() {
        List<ColumnMapping> key = new ArrayList<>();
        for (String column : plan.conflictKey()) plan.mappingTo(column).ifPresent(key::add);
        return key;
    }

    /** A live column's value as staged (through the live type when the values changed type). */
    private String stagedLiveColumn(String liveColumn) {
        return plan.mappingTo(liveColumn).map(this::valueOf).orElseThrow(() -> new io.preserve.domain.error.RestoreFailed(
                plan.target().display(), "column " + liveColumn + " is needed to select or match rows, and the snapshot has no values for it"));
    }

    /**
     * A staged value as the live column takes it: as is when the values fit; else from its text, through the
     * input function of the live type (what COPY would do), so that a value too long for its column is refused,
     * not cut short ({@link PgCasts} has taken out beforehand the rows that would be refused).
     */
    private String valueOf(ColumnMapping c) {
        String staged = "s." + Sql.name(c.source().name());
        return c.identical() ? staged : PgCasts.fromText(staged, c.targetType());
    }

    private List<ColumnMapping> mapped() {
        return plan.columns().stream().filter(ColumnMapping::restored).toList();
    }

    private List<String> sourceNames() {
        return plan.columns().stream().map(c -> c.source().name()).toList();
    }
}
