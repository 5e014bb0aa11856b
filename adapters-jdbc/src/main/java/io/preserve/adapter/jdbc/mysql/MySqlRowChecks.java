package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.Constraint;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

/**
 * Checks the staged rows, as the live table would hold them, against the live table's rules before anything is
 * written, and takes out the rows that break one, naming them: a NULL where the column refuses it, a CHECK (evaluated
 * as the server does: a row breaks it when the clause is FALSE, not when it is NULL), a unique index that two snapshot
 * rows share a value of (the first in the snapshot stays), a unique key on which a row would clash with a live row of
 * another key. Each rule is one set-based statement over the stage; the stage goes by the live table's own name, so a
 * CHECK clause reads as the catalog prints it.
 */
final class MySqlRowChecks {
    private final Statements sql;
    private final TablePlan plan;
    private final TableSchema live;
    private final MySqlStage stage;
    private final Table<?> staged;
    private final String alias;

    MySqlRowChecks(Statements sql, TablePlan plan, MySqlStage stage) {
        this.sql = sql;
        this.plan = plan;
        this.live = stage.live();
        this.stage = stage;
        this.alias = live.ref().name();
        this.staged = table(name(stage.tableName())).as(alias);
    }

    /** What {@code conflicts: {T: snapshot}} cost the live table: its rows the snapshot's replaced, per unique key. */
    private final List<String> replaced = new ArrayList<>();

    List<String> replaced() {
        return replaced;
    }

    private record Rule(Condition breaks, String reason, String hint) {
    }

    /** NULLs where the live column refuses them, then CHECK constraints. */
    List<TableOutcome.Skip> nullsAndChecks() throws SQLException {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Column column : live.columns()) {
            if (!column.notNull() || column.identity() != null || !stage.columns().contains(column.name())) continue;
            var mapping = plan.mappingTo(column.name());
            // a value the snapshot took from a NOT NULL column of the same type is not NULL
            if (mapping.isPresent() && !mapping.get().tightened() && !stage.changed(column.name())) continue;
            String key = plan.target().name() + "." + column.name();
            boolean tightened = mapping.isPresent() && mapping.get().tightened();
            rules.put("null " + column.name(), new Rule(field(name(alias, column.name())).isNull(), tightened
                    ? "NULL in column " + column.name() + ", which refuses NULL now"
                    : "column " + column.name() + " is NOT NULL and its value here is NULL",
                    tightened && mapping.get().whenNull() == null ? "--default " + key + "=VALUE (or defaults: in preserve.yaml) fills these NULLs" : null));
        }
        for (Constraint c : live.constraints()) {
            if (c.kind() != Constraint.Kind.CHECK || !c.definition().startsWith("CHECK (") || !c.definition().endsWith(")")) continue;
            String clause = c.definition().substring("CHECK (".length(), c.definition().length() - 1);
            boolean fresh = plan.toCheck().stream().anyMatch(x -> x.kind() == Constraint.Kind.CHECK && x.definition().equals(c.definition()));
            // a CHECK the snapshot's table had, over values that did not change, holds for the snapshot's rows
            if (!fresh && stage.columns().stream().noneMatch(stage::changed)) continue;
            // the server refuses a row when the clause is FALSE; NULL (unknown) passes
            rules.put("check " + c.name(), new Rule(condition("NOT (" + clause + ")"), "breaks " + c.definition() + " ("
                    + c.name() + ")" + (fresh ? ", added since the snapshot" : ""), null));
        }
        List<TableOutcome.Skip> skips = new ArrayList<>();
        for (Rule rule : detect(rules)) remove(rule.breaks(), rule.reason(), rule.hint(), TableOutcome.Cause.SCHEMA_CHANGE).ifPresent(skips::add);
        return skips;
    }

    /** The rules some staged row breaks, in one pass; a rule the server cannot evaluate here is left to the write. */
    private List<Rule> detect(Map<String, Rule> rules) throws SQLException {
        if (rules.isEmpty()) return List.of();
        List<Rule> all = new ArrayList<>(rules.values());
        try {
            return sql.query(sql.dsl().select(all.stream().<Field<?>>map(r -> org.jooq.impl.DSL.sum(org.jooq.impl.DSL.when(r.breaks(), inline(1)).otherwise(inline(0)))).toList())
                    .from(staged), row -> {
                List<Rule> found = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) if (row.getLong(i + 1) > 0) found.add(all.get(i));
                return found;
            }).get(0);
        } catch (SQLException e) {
            // one of them names what the stage lacks (a column left to its default): try each alone
            List<Rule> found = new ArrayList<>();
            for (Rule r : all) {
                try {
                    if (sql.number(sql.dsl().selectCount().from(staged).where(r.breaks())) > 0) found.add(r);
                } catch (SQLException notHere) {
                    // the write's own check decides (MySqlSafeWrite)
                }
            }
            return found;
        }
    }

    /**
     * Of staged rows that share a value of a unique index (NULLs apart), the first in the snapshot stays and the
     * others are taken out: for an index added since the snapshot, or over a column whose values changed on the way.
     * In {@code merge} into a table that holds rows, rows whose key is in the database are kept as they are there,
     * and do not count.
     */
    List<TableOutcome.Skip> duplicates(boolean emptied) throws SQLException {
        List<TableOutcome.Skip> skips = new ArrayList<>();
        List<List<String>> keys = new ArrayList<>();
        if (!live.primaryKey().isEmpty()) keys.add(live.primaryKey());
        keys.addAll(live.uniqueKeys());
        for (List<String> key : keys) {
            boolean primary = key.equals(live.primaryKey());
            String definition = (primary ? "PRIMARY KEY (" : "UNIQUE (") + String.join(", ", key) + ")";
            boolean fresh = plan.toCheck().stream().anyMatch(c -> c.kind() == Constraint.Kind.UNIQUE && c.definition().equals(definition));
            if (!fresh && key.stream().noneMatch(stage::changed) || !stage.gives(key)) continue;
            Condition counted = and(key.stream().map(c -> field(name(alias, c)).isNotNull()).toList());
            if (!emptied && plan.mode() == RestoreMode.MERGE) counted = counted.and(notInDatabase());
            // the rows after the first of each group, in snapshot order, kept aside first: MySQL cannot name a
            // TEMPORARY table twice in one statement (MariaDB can)
            String later = stage.tableName() + "_later";
            sql.execute(sql.dsl().query("CREATE TEMPORARY TABLE {0} (PRIMARY KEY ({1})) SELECT {1} FROM (SELECT {2} AS {1},"
                            + " ROW_NUMBER() OVER (PARTITION BY {3} ORDER BY {2}) AS {4} FROM {5} AS {8} WHERE {6}) AS {7} WHERE {4} > 1",
                    name(later), name(MySqlStage.NUMBER), field(name(alias, MySqlStage.NUMBER)),
                    org.jooq.impl.DSL.list(key.stream().map(c -> field(name(alias, c))).toList()), name("preserve_k"),
                    table(name(stage.tableName())), counted, name("x"), name(alias)));
            try {
                Condition repeated = field(name(alias, MySqlStage.NUMBER)).in(sql.dsl().select(field(name(MySqlStage.NUMBER))).from(table(name(later))));
                remove(repeated, (primary ? "the primary key (" : "a unique index on (") + String.join(", ", key) + ")"
                        + (fresh ? ", added since the snapshot," : "") + " holds the same value in an earlier row of the snapshot",
                        null, TableOutcome.Cause.SCHEMA_CHANGE).ifPresent(skips::add);
            } finally {
                sql.execute(sql.dsl().dropTemporaryTableIfExists(name(later)));
            }
        }
        return skips;
    }

    /**
     * Staged rows that would be inserted (their key is not in the database) but share another unique key's value with a
     * live row (the same email under a new id): the live row is kept, and the snapshot's is named with both keys.
     */
    List<TableOutcome.Skip> clashes() throws SQLException {
        List<TableOutcome.Skip> skips = new ArrayList<>();
        List<String> key = plan.conflictKey();
        if (key.isEmpty() || !stage.gives(key)) return skips;
        List<List<String>> others = new ArrayList<>();
        if (!live.primaryKey().isEmpty()) others.add(live.primaryKey());
        others.addAll(live.uniqueKeys());
        Table<?> t = table(name(live.ref().schema(), live.ref().name())).as("preserve_t");
        for (List<String> unique : others) {
            if (unique.equals(key) || !stage.gives(unique)) continue;
            Condition same = and(unique.stream().map(c -> field(name("preserve_t", c)).eq(field(name(alias, c)))).toList());
            Condition clash = notInDatabase().and(exists(selectOne().from(t).where(same)));
            Field<String> value = field(org.jooq.impl.DSL.sql("CONCAT_WS(', ', {0})", org.jooq.impl.DSL.list(unique.stream()
                    .map(c -> field(name(alias, c)).cast(String.class)).toList())), String.class);
            List<String> examples = sql.query(sql.dsl().select(value, stage.keyText(alias), field(sql.dsl().select(
                            keyTextOf("preserve_t", key)).from(t).where(same).limit(1)))
                    .from(staged).where(clash).orderBy(field(name(alias, MySqlStage.NUMBER))).limit(3),
                    r -> String.join(", ", unique) + " " + r.getString(1) + ": " + r.getString(2) + " in the snapshot, "
                            + r.getString(3) + " in the database");
            if (examples.isEmpty()) continue;
            if (plan.winner() == RestoreRules.ConflictWinner.SNAPSHOT) {
                long gone = giveWayToSnapshot(unique, key);
                if (gone > 0) {
                    replaced.add(io.preserve.domain.model.Counted.rows(gone) + " of the database replaced by the snapshot's on "
                            + String.join(", ", unique) + " (conflicts: {" + plan.target().name() + ": snapshot}) (e.g. "
                            + String.join("; ", examples) + ")");
                }
                continue;
            }
            long rows = sql.execute(sql.dsl().query("DELETE {0} FROM {1} AS {0} WHERE {2}", name(alias), table(name(stage.tableName())), clash));
            skips.add(TableOutcome.Skip.clash(plan.target(), rows, "the database has another row with the same "
                    + String.join(", ", unique) + " (the database's row is kept)", examples));
        }
        return skips;
    }

    /**
     * {@code conflicts: {T: snapshot}}: the live rows that a snapshot row (whose key is not in the database) clashes
     * with on {@code unique} are deleted, so that the snapshot's row goes in; returns how many. Their keys are set aside
     * first: MySQL cannot read, in a subquery, the table a DELETE writes.
     */
    private long giveWayToSnapshot(List<String> unique, List<String> key) throws SQLException {
        String gone = stage.tableName() + "_gone";
        Table<?> live = table(name(this.live.ref().schema(), this.live.ref().name()));
        Condition same = and(unique.stream().map(c -> field(name("preserve_t", c)).eq(field(name(alias, c)))).toList());
        sql.execute(sql.dsl().query("CREATE TEMPORARY TABLE {0} SELECT DISTINCT {1} FROM {2} AS {3} JOIN {4} AS {5} ON {6} WHERE {7}",
                name(gone), org.jooq.impl.DSL.list(key.stream().map(c -> org.jooq.impl.DSL.sql("{0} AS {1}", field(name("preserve_t", c)), name(c))).toList()), live,
                name("preserve_t"), table(name(stage.tableName())), name(alias), same, notInDatabase()));
        try {
            return sql.execute(sql.dsl().query("DELETE {0} FROM {1} AS {0} JOIN {2} AS {3} ON {4}", name("preserve_t"), live, table(name(gone)),
                    name("preserve_g"), and(key.stream().map(c -> field(name("preserve_t", c)).eq(field(name("preserve_g", c)))).toList())));
        } finally {
            sql.execute(sql.dsl().dropTemporaryTableIfExists(name(gone)));
        }
    }

    private Field<String> keyTextOf(String alias, List<String> key) {
        List<org.jooq.QueryPart> parts = key.stream().<org.jooq.QueryPart>map(k -> org.jooq.impl.DSL.sql("CONCAT({0}, CAST({1} AS CHAR))",
                inline(k + "="), field(name(alias, k)))).toList();
        return field(org.jooq.impl.DSL.sql("CONCAT_WS(', ', {0})", org.jooq.impl.DSL.list(parts)), String.class);
    }

    /**
     * The staged row's key is not in the live table; always true without a key the staged rows give (a surrogate key
     * added since the snapshot): rows are then matched whole when written, as on PostgreSQL.
     */
    Condition notInDatabase() {
        if (plan.conflictKey().isEmpty() || !stage.gives(plan.conflictKey())) return org.jooq.impl.DSL.trueCondition();
        Table<?> t = table(name(live.ref().schema(), live.ref().name())).as("preserve_in");
        return notExists(selectOne().from(t).where(and(plan.conflictKey().stream()
                .map(c -> field(name("preserve_in", c)).eq(field(name(alias, c)))).toList())));
    }

    /** Takes out of the stage the rows {@code breaks} holds for, and names them. */
    private java.util.Optional<TableOutcome.Skip> remove(Condition breaks, String reason, String hint, TableOutcome.Cause cause)
            throws SQLException {
        List<String> examples = sql.query(sql.dsl().select(stage.keyText(alias)).from(staged).where(breaks)
                .orderBy(field(name(alias, MySqlStage.NUMBER))).limit(3), r -> r.getString(1));
        if (examples.isEmpty()) return java.util.Optional.empty();
        long rows = sql.execute(sql.dsl().query("DELETE {0} FROM {1} AS {0} WHERE {2}", name(alias), table(name(stage.tableName())), breaks));
        return java.util.Optional.of(new TableOutcome.Skip(rows, reason, examples, cause, hint));
    }
}
