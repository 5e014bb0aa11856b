package io.preserve.adapter.jdbc;

import io.preserve.domain.model.ColumnFill;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads one table that already holds rows: the snapshot's rows are copied into a temporary table shaped like the
 * snapshot (live types where they match, text where they do not), then merged into the live table set-based.
 * <ul>
 *   <li>With a key: rows whose key is present are kept; the rest are inserted with {@code ON CONFLICT DO NOTHING};
 *       a row that still does not go in conflicts on another unique key and is skipped, named by its key.</li>
 *   <li>Without a key: whole rows are compared, as a multiset. A snapshot row goes in unless an identical row is
 *       already there, counting duplicates, so restoring the same snapshot twice never doubles a row.</li>
 * </ul>
 */
final class StagedLoad {
    interface Copier {
        long copyIn(String copy, InputStream data) throws SQLException, IOException;
    }

    private final Db sql;
    private final TablePlan plan;
    private final String target;
    private final String stage;

    StagedLoad(Db sql, TablePlan plan) {
        this.sql = sql;
        this.plan = plan;
        this.target = Sql.table(plan.target());
        this.stage = Sql.qualified("pg_temp", PgRestoreSession.stageName());
    }

    TableOutcome run(Copier copier, InputStream data) throws SQLException, IOException {
        createStage();
        long staged = copier.copyIn("COPY " + stage + " (" + Sql.names(sourceNames()) + ") FROM STDIN", data);
        if (plan.missingValue() != null) {
            sql.execute("DROP TABLE " + stage);
            return new TableOutcome(plan.source(), staged, 0, 0, List.of(new TableOutcome.Skip(staged, "column "
                    + plan.missingValue() + " is new, NOT NULL and without a default: give it a value with --default "
                    + plan.target().name() + "." + plan.missingValue() + "=VALUE", List.of(), TableOutcome.Cause.SCHEMA_CHANGE)),
                    null, List.of());
        }
        List<TableOutcome.Skip> unfit = new ArrayList<>();
        for (ColumnMapping c : mapped()) {
            if (!c.identical()) unfit.addAll(PgCasts.removeUnfit(sql, stage, c));
        }
        long fitting = staged - unfit.stream().mapToLong(TableOutcome.Skip::rows).sum();
        List<String> targets = new ArrayList<>(mapped().stream().map(ColumnMapping::target).toList());
        List<String> valueList = new ArrayList<>(mapped().stream().map(this::valueOf).toList());
        for (ColumnFill fill : plan.fills()) {
            targets.add(fill.column());
            valueList.add("CAST(? AS " + fill.type() + ")");
        }
        String columns = Sql.names(targets);
        String values = String.join(", ", valueList);
        Object[] binds = plan.fills().stream().map(ColumnFill::value).toArray();
        List<String> key = keyMappings();
        TableOutcome outcome = key.isEmpty() ? mergeWholeRows(fitting, columns, values, binds)
                : mergeByKey(fitting, columns, values, key, binds);
        sql.execute("DROP TABLE " + stage);
        if (unfit.isEmpty()) return outcome;
        List<TableOutcome.Skip> skips = new ArrayList<>(unfit);
        skips.addAll(outcome.skips());
        return new TableOutcome(plan.source(), staged, outcome.inserted(), outcome.kept(), skips, null, List.of());
    }

    private void createStage() {
        List<String> select = new ArrayList<>();
        for (ColumnMapping c : plan.columns()) {
            String as = Sql.name(c.source().name());
            select.add(c.restored() && c.identical() ? "t." + Sql.name(c.target()) + " AS " + as : "NULL::text AS " + as);
        }
        sql.execute("CREATE TEMPORARY TABLE " + Sql.name(PgRestoreSession.stageName()) + " ON COMMIT DROP AS SELECT "
                + String.join(", ", select) + " FROM " + target + " t WITH NO DATA");
    }

    private TableOutcome mergeByKey(long staged, String columns, String values, List<String> key, Object[] binds) {
        String match = key.stream().collect(Collectors.joining(" AND "));
        long kept = sql.number("SELECT count(*) FROM " + stage + " s WHERE EXISTS (SELECT 1 FROM " + target
                + " t WHERE " + match + ")");
        long inserted = sql.update("INSERT INTO " + target + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + values
                + " FROM " + stage + " s ON CONFLICT DO NOTHING", binds);
        long conflicting = staged - kept - inserted;
        List<TableOutcome.Skip> skips = new ArrayList<>();
        if (conflicting > 0) {
            String keyText = keyColumns().stream().map(c -> valueOf(c) + "::text").collect(Collectors.joining(" || ', ' || "));
            List<String> examples = sql.query("SELECT " + keyText + " FROM " + stage + " s WHERE NOT EXISTS (SELECT 1 FROM "
                    + target + " t WHERE " + match + ") LIMIT 3", r -> r.getString(1));
            skips.add(new TableOutcome.Skip(conflicting, "conflicts with an existing row on another unique key", examples,
                    TableOutcome.Cause.CONFLICT));
        }
        return new TableOutcome(plan.source(), staged, inserted, kept, skips, null, List.of());
    }

    private TableOutcome mergeWholeRows(long staged, String columns, String values, Object[] binds) {
        String stagedRow = "ROW(" + mapped().stream().map(this::valueOf).collect(Collectors.joining(", ")) + ")::text";
        String liveRow = "ROW(" + Sql.qualified("t", mapped().stream().map(ColumnMapping::target).toList()) + ")::text";
        long inserted = sql.update("INSERT INTO " + target + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + values
                + " FROM (SELECT s.*, row_number() OVER (PARTITION BY " + stagedRow + ") AS preserve_copy FROM " + stage + " s) s"
                + " LEFT JOIN (SELECT " + liveRow + " AS row_text, count(*) AS copies FROM " + target + " t GROUP BY 1) existing"
                + " ON existing.row_text = " + stagedRow
                + " WHERE s.preserve_copy > coalesce(existing.copies, 0) ON CONFLICT DO NOTHING", binds);
        return new TableOutcome(plan.source(), staged, inserted, staged - inserted, List.of(), null, List.of());
    }

    /** The key as equality terms between live {@code t} and staged {@code s}; empty if a key column is not restored. */
    private List<String> keyMappings() {
        List<ColumnMapping> key = keyColumns();
        if (key.size() != plan.conflictKey().size()) return List.of();
        return key.stream().map(c -> "t." + Sql.name(c.target()) + " = " + valueOf(c)).toList();
    }

    private List<ColumnMapping> keyColumns() {
        List<ColumnMapping> key = new ArrayList<>();
        for (String column : plan.conflictKey()) {
            mapped().stream().filter(c -> c.target().equals(column)).findFirst().ifPresent(key::add);
        }
        return key;
    }

    /**
     * A staged value as the live column takes it: as is when the types match; else from its text, through the
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
