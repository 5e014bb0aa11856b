package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;

import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.Constraint;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks staged rows, as the live table would hold them, against the live table's rules before anything is
 * written, and takes out the rows that break one: a NULL where the column refuses it now, a CHECK, a unique index
 * two snapshot rows share a value of (the first in the snapshot stays), a unique key on which a row clashes with a
 * live row of another key. Each is one set-based statement; the rules checked are those the snapshot's rows are not
 * known to meet: added since the snapshot, or reading a column whose values changed on the way.
 */
final class RowChecks {
    private final Db sql;
    private final TablePlan plan;
    private final TableSchema live;
    private final StagedRow row;
    private final PgRowRules.Rules rules;
    private final String target;
    private final String stage = StagedRow.STAGE;
    /** Live columns whose values are not the snapshot's as they were: cast, computed or filled. */
    private final Set<String> changed = new TreeSet<>();

    RowChecks(Db sql, TablePlan plan, TableSchema live, StagedRow row, PgRowRules.Rules rules) {
        this.sql = sql;
        this.plan = plan;
        this.live = live;
        this.row = row;
        this.rules = rules;
        this.target = Sql.table(plan.target());
        plan.columns().stream().filter(c -> c.restored() && !c.identical()).forEach(c -> changed.add(c.target()));
        plan.fills().forEach(f -> changed.add(f.column()));
    }

    /** NULLs where the live column refuses them, then CHECKs: the rows that break one are taken out. */
    List<TableOutcome.Skip> nullsAndChecks() {
        Map<String, String> conditions = new LinkedHashMap<>();
        Map<String, Reason> reasons = new LinkedHashMap<>();
        for (Column column : live.columns()) {
            if (!column.notNull() || !mayBeNull(column.name())) continue;
            String key = plan.target().name() + "." + column.name();
            conditions.put(column.name(), Sql.name(column.name()) + " IS NULL");
            var mapping = plan.mappingTo(column.name());
            reasons.put(column.name(), mapping.isPresent() && mapping.get().tightened()
                    ? new Reason("column " + column.name() + " is NOT NULL now and NULL in the snapshot",
                            mapping.get().whenNull() == null ? "--default " + key + "=VALUE (or defaults: in preserve.yaml) fills these NULLs" : null)
                    : new Reason("column " + column.name() + " is NOT NULL and its value here is NULL", null));
        }
        for (PgRowRules.Check check : rules.checks()) {
            if (!isNew(Constraint.Kind.CHECK, check.definition()) && check.columns().stream().noneMatch(changed::contains)) continue;
            // a check over a column the insert leaves to its default is the write's to make (SafeWrite)
            if (!check.columns().stream().allMatch(row::gives)) continue;
            conditions.put("check " + check.name(), "(" + check.expression() + ") IS FALSE");
            reasons.put("check " + check.name(), new Reason("breaks " + check.definition() + " (" + check.name() + ")"
                    + (isNew(Constraint.Kind.CHECK, check.definition()) ? ", added since the snapshot" : ""), null));
        }
        if (conditions.isEmpty()) return List.of();
        List<String> found = detect(conditions);
        List<TableOutcome.Skip> skips = new ArrayList<>();
        for (String name : found) {
            remove("SELECT preserve_row FROM " + row.asLive() + " AS " + Sql.name(live.ref().name()) + " WHERE "
                    + conditions.get(name), reasons.get(name)).ifPresent(skips::add);
        }
        return skips;
    }

    /** Which conditions some staged row meets, in one pass; all of them when the pass fails (each is tried alone then). */
    private List<String> detect(Map<String, String> conditions) {
        List<String> names = new ArrayList<>(conditions.keySet());
        String counts = names.stream().map(n -> "count(*) FILTER (WHERE " + conditions.get(n) + ")").collect(Collectors.joining(", "));
        sql.execute("SAVEPOINT preserve_check");
        try {
            List<String> found = sql.query("SELECT " + counts + " FROM " + row.asLive() + " AS " + Sql.name(live.ref().name()), r -> {
                List<String> some = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) if (r.getLong(i + 1) > 0) some.add(names.get(i));
                return some;
            }).get(0);
            sql.execute("RELEASE SAVEPOINT preserve_check");
            return found;
        } catch (Db.Failure e) {
            sql.execute("ROLLBACK TO SAVEPOINT preserve_check");
            sql.execute("RELEASE SAVEPOINT preserve_check");
            return names;
        }
    }

    private boolean mayBeNull(String column) {
        var mapping = plan.mappingTo(column);
        if (mapping.isPresent()) return mapping.get().tightened() || mapping.get().convert() != null;
        return plan.fills().stream().anyMatch(f -> f.column().equals(column));
    }

    private boolean isNew(Constraint.Kind kind, String definition) {
        return plan.toCheck().stream().anyMatch(c -> c.kind() == kind && c.definition().equals(definition));
    }

    /**
     * Of staged rows that share a value of a unique index (where its predicate holds, NULLs apart unless the index
     * says otherwise), the first in the snapshot stays and the others are taken out. In {@code merge}, rows whose key
     * is in the database already are kept as they are there, and do not count.
     */
    List<TableOutcome.Skip> duplicates(boolean emptied) {
        List<TableOutcome.Skip> skips = new ArrayList<>();
        for (PgRowRules.Unique unique : rules.uniques()) {
            boolean fresh = isNew(Constraint.Kind.UNIQUE, unique.definition());
            if (!fresh && unique.columns().stream().noneMatch(changed::contains)) continue;
            if (!unique.columns().stream().allMatch(row::gives)) continue;
            String alias = Sql.name(live.ref().name());
            String kept = !emptied && plan.mode() == RestoreMode.MERGE ? notInDatabase(alias).orElse(null) : null;
            remove(unique.repeats(row.asLive() + " AS " + alias, "preserve_row", "preserve_row", kept),
                    new Reason(unique.whyRepeat(fresh), null)).ifPresent(skips::add);
        }
        return skips;
    }

    /** A condition over the live row {@code alias} that its key is not in the database; empty without a key. */
    private Optional<String> notInDatabase(String alias) {
        if (plan.conflictKey().isEmpty() || !plan.conflictKey().stream().allMatch(row::gives)) return Optional.empty();
        return Optional.of("NOT EXISTS (SELECT 1 FROM " + target + " t WHERE " + plan.conflictKey().stream()
                .map(c -> "t." + Sql.name(c) + " = " + alias + "." + Sql.name(c)).collect(Collectors.joining(" AND ")) + ")");
    }

    /** What {@code conflicts: {T: snapshot}} cost the live table: its rows the snapshot's replaced, per unique key. */
    private final List<String> replaced = new ArrayList<>();

    List<String> replaced() {
        return replaced;
    }

    /**
     * Staged rows that share a unique index's value with a live row of another key (the same email under a new id).
     * The live row wins unless the configuration says the snapshot does: then the live row is deleted, and the
     * snapshot's goes in; the table's notes say how many live rows were replaced ({@link #replaced}).
     */
    List<TableOutcome.Skip> clashes() {
        List<TableOutcome.Skip> skips = new ArrayList<>();
        List<String> key = plan.conflictKey();
        if (!key.isEmpty() && !key.stream().allMatch(row::gives)) return skips;
        for (PgRowRules.Unique unique : rules.uniques()) {
            if (key.equals(unique.plainKey()) || !unique.columns().stream().allMatch(row::gives)) continue;
            String alias = Sql.name(live.ref().name());
            String keys = java.util.stream.IntStream.range(0, unique.keys().size())
                    .mapToObj(i -> "(" + unique.keys().get(i) + ") AS preserve_k" + i).collect(Collectors.joining(", "));
            String ids = key.stream().map(c -> alias + "." + Sql.name(c) + " AS " + Sql.name("preserve_id_" + c))
                    .collect(Collectors.joining(", "));
            String predicate = unique.predicate() == null ? "" : " WHERE (" + unique.predicate() + ")";
            String staged = "SELECT preserve_row, " + keys + (ids.isEmpty() ? "" : ", " + ids) + " FROM " + row.asLive()
                    + " AS " + alias + predicate;
            String there = "SELECT " + alias + ".ctid AS preserve_live, " + keys + (ids.isEmpty() ? "" : ", " + ids)
                    + " FROM " + target + " AS " + alias + predicate;
            String equal = unique.nullsNotDistinct() ? " IS NOT DISTINCT FROM " : " = ";
            String match = java.util.stream.IntStream.range(0, unique.keys().size())
                    .mapToObj(i -> "s.preserve_k" + i + equal + "l.preserve_k" + i).collect(Collectors.joining(" AND "))
                    + (key.isEmpty() ? "" : " AND NOT (" + key.stream().map(c -> "s." + Sql.name("preserve_id_" + c)
                    + " = l." + Sql.name("preserve_id_" + c)).collect(Collectors.joining(" AND ")) + ")");
            String value = keyText(java.util.stream.IntStream.range(0, unique.keys().size()).mapToObj(i -> "s.preserve_k" + i).toList());
            String stagedKey = keyText(key.stream().map(c -> "s." + Sql.name("preserve_id_" + c)).toList());
            String liveKey = keyText(key.stream().map(c -> "l." + Sql.name("preserve_id_" + c)).toList());
            String pairs = "SELECT s.preserve_row, l.preserve_live, " + value + " AS v, " + (key.isEmpty() ? "''" : stagedKey)
                    + " AS sk, " + (key.isEmpty() ? "''" : liveKey) + " AS lk FROM (" + staged + ") s JOIN (" + there + ") l ON " + match;
            String label = String.join(", ", unique.keys());
            List<String> examples = sql.query(pairs + " ORDER BY 4 LIMIT 3", r -> label + " " + r.getString(3)
                    + (key.isEmpty() ? "" : ": " + String.join(", ", key) + " " + r.getString(4) + " in the snapshot, "
                    + r.getString(5) + " in the database"));
            if (examples.isEmpty()) continue;
            if (plan.winner() == RestoreRules.ConflictWinner.SNAPSHOT) {
                long gone = sql.update("DELETE FROM " + target + " t USING (SELECT DISTINCT preserve_live FROM (" + pairs + ") q) p"
                        + " WHERE t.ctid = p.preserve_live");
                if (gone > 0) {
                    replaced.add(io.preserve.domain.model.Counted.rows(gone) + " of the database replaced by the snapshot's on "
                            + label + " (conflicts: {" + plan.target().name() + ": snapshot}) (e.g. " + String.join("; ", examples) + ")");
                }
                continue;
            }
            long rows = sql.update("DELETE FROM " + stage + " s USING (" + pairs + ") p WHERE s.ctid = p.preserve_row");
            skips.add(TableOutcome.Skip.clash(plan.target(), rows, "the database has another row with the same " + label + " ("
                    + unique.name() + "; the database's row is kept)", examples));
        }
        return skips;
    }

    private static String keyText(List<String> values) {
        return values.stream().map(v -> "coalesce(" + v + "::text, 'NULL')").collect(Collectors.joining(" || ', ' || "));
    }

    private record Reason(String text, String hint) {
    }

    /** Deletes from the stage the rows {@code rows} (a query of {@code preserve_row}s) names; reports them. */
    private Optional<TableOutcome.Skip> remove(String rows, Reason reason) {
        sql.execute("SAVEPOINT preserve_rule");
        try {
            var gone = sql.query("WITH gone AS (DELETE FROM " + stage + " s USING (" + rows + ") bad WHERE s.ctid = bad.preserve_row"
                    + " RETURNING " + row.keyText() + " AS k) SELECT count(*), (array_agg(DISTINCT k ORDER BY k))[1:3] FROM gone",
                    r -> new Object[] {r.getLong(1), PgCasts.strings(r.getArray(2))}).get(0);
            sql.execute("RELEASE SAVEPOINT preserve_rule");
            long count = (Long) gone[0];
            @SuppressWarnings("unchecked") List<String> keys = (List<String>) gone[1];
            if (count == 0) return Optional.empty();
            return Optional.of(new TableOutcome.Skip(count, reason.text(), row.examples(keys), TableOutcome.Cause.SCHEMA_CHANGE,
                    reason.hint()));
        } catch (Db.Failure e) {
            // the rule cannot be evaluated over these rows (it raises for one of them): the write's own check decides
            sql.execute("ROLLBACK TO SAVEPOINT preserve_rule");
            sql.execute("RELEASE SAVEPOINT preserve_rule");
            return Optional.empty();
        }
    }
}
