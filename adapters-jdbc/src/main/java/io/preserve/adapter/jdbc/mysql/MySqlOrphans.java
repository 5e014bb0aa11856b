package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.error.RestoreFailed;
import io.preserve.domain.model.Counted;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.selectCount;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.table;

/**
 * With foreign-key checks off, MySQL takes a row whose parent is missing without a word: so before the commit every
 * foreign key from a restored table is checked, set-based (one anti-join per key and pass), and the restored rows
 * whose parent row is neither in the database nor among the rows restored are taken out and named; again, until a
 * pass takes nothing out (a row taken out may have been the parent of another). Rows of tables the restore did not
 * write that now point at nothing (their parents emptied by {@code replace}) fail the restore, naming them: none is
 * ever left behind.
 */
final class MySqlOrphans {
    private MySqlOrphans() {
    }

    /**
     * How many rows of each table the restore does not write already point at nothing through a key to a table it
     * writes, before it writes anything: those are not the restore's to answer for (someone had foreign-key checks
     * off); only more of them fail it.
     */
    static Map<String, Long> before(Statements sql, List<TableSchema> tables, List<TablePlan> plans) throws SQLException {
        Set<TableRef> restored = plans.stream().map(TablePlan::target).collect(Collectors.toSet());
        Map<String, Long> counts = new HashMap<>();
        for (TableSchema child : tables) {
            if (restored.contains(child.ref())) continue;
            for (ForeignKey key : child.foreignKeys()) {
                if (restored.contains(key.referenced())) counts.put(id(child, key), sql.number(selectCount().from(joined(child, key)).where(orphan(key))));
            }
        }
        return counts;
    }

    private static String id(TableSchema child, ForeignKey key) {
        return child.ref().name() + "\u0000" + key.name();
    }

    /** What {@link #remove} did: rows taken out, and rows kept with their reference cleared, per table. */
    record Outcome(Map<TableRef, List<TableOutcome.Skip>> removed, Map<TableRef, List<String>> cleared) {
    }

    /**
     * Takes out, or keeps with the reference cleared, the restored rows whose parent is missing: as the foreign key's
     * {@code ON DELETE} says for a parent deleted ({@code deleteRules}, by {@link MySqlCatalog#ruleKey}): {@code SET NULL}
     * (where every column of the key takes NULL) keeps the row with its reference set to NULL and says so; any other
     * rule ({@code CASCADE}, {@code RESTRICT}, {@code NO ACTION}; InnoDB has no {@code SET DEFAULT}) takes the row out
     * and names it.
     */
    static Outcome remove(Statements sql, List<TableSchema> tables, List<TablePlan> plans, Map<String, Long> before,
                          Map<String, String> deleteRules) throws SQLException {
        Set<TableRef> restored = plans.stream().map(TablePlan::target).collect(Collectors.toSet());
        Map<TableRef, Map<String, Removed>> removed = new HashMap<>();
        Map<TableRef, Map<String, Removed>> keptCleared = new HashMap<>();
        // the rows to take out go first, pass after pass; only then are references cleared, so that a row kept with
        // its reference cleared is not one taken out afterwards for another missing parent (it would be counted twice)
        boolean clearing = false;
        boolean again = true;
        while (again) {
            again = false;
            boolean cleared = false;
            for (TableSchema child : tables) {
                if (!restored.contains(child.ref())) continue;
                for (ForeignKey key : child.foreignKeys()) {
                    if (setsNull(child, key, deleteRules) != clearing) continue;
                    List<String> examples = sql.query(selectDistinct(keyFields(key)).from(joined(child, key, true))
                            .where(orphan(key)).limit(3), r -> {
                        List<String> parts = new ArrayList<>();
                        for (int i = 1; i <= key.columns().size(); i++) parts.add(r.getString(i));
                        return String.join(", ", parts);
                    });
                    if (examples.isEmpty()) continue;
                    if (clearing) {
                        long rows = sql.execute(sql.dsl().query("UPDATE {0} AS {1} LEFT JOIN {2} AS {3} ON {4} SET {5} WHERE {6}",
                                table(name(child.ref().schema(), child.ref().name())), name("c"), table(name(key.referenced().schema(),
                                        key.referenced().name())), name("p"), on(key), org.jooq.impl.DSL.list(key.columns().stream()
                                        .map(c -> org.jooq.impl.DSL.sql("{0} = NULL", field(name("c", c)))).toList()), orphan(key)));
                        if (rows > 0) {
                            cleared = true;
                            keptCleared.computeIfAbsent(child.ref(), t -> new LinkedHashMap<>()).merge(String.join(", ", key.columns())
                                    + " set to NULL: " + reason(key) + " (the foreign key says ON DELETE SET NULL)", new Removed(rows, examples), Removed::plus);
                        }
                        continue;
                    }
                    // a multi-table DELETE: MySQL refuses a subquery on the table a DELETE writes (a self-reference)
                    // (in a template an aliased table renders as its alias: the aliases are declared in the template)
                    long rows = sql.execute(sql.dsl().query("DELETE {0} FROM {1} AS {0} LEFT JOIN {2} AS {3} ON {4} WHERE {5}",
                            name("c"), table(name(child.ref().schema(), child.ref().name())), table(name(key.referenced().schema(),
                                    key.referenced().name())), name("p"), on(key), orphan(key)));
                    if (rows == 0) continue;
                    again = true;
                    removed.computeIfAbsent(child.ref(), t -> new LinkedHashMap<>())
                            .merge(reason(key), new Removed(rows, examples), Removed::plus);
                }
            }
            if (clearing) {
                // a cleared reference could be one another key reads: look again for rows to take out
                clearing = false;
                again = cleared;
            } else if (!again) {
                clearing = true;
                again = true;
            }
        }
        for (TableSchema child : tables) {
            if (restored.contains(child.ref())) continue;
            for (ForeignKey key : child.foreignKeys()) {
                if (!restored.contains(key.referenced())) continue;
                long rows = sql.number(selectCount().from(joined(child, key)).where(orphan(key))) - before.getOrDefault(id(child, key), 0L);
                if (rows > 0) {
                    throw new RestoreFailed(child.ref().display(), Counted.rows(rows) + " more of this table, which the restore"
                            + " does not write, would be left pointing at nothing: " + reason(key) + " (restore "
                            + child.ref().name() + " too, or use --mode merge)");
                }
            }
        }
        Map<TableRef, List<TableOutcome.Skip>> skips = new HashMap<>();
        removed.forEach((table, byReason) -> skips.put(table, byReason.entrySet().stream()
                .map(e -> new TableOutcome.Skip(e.getValue().rows(), e.getKey(), e.getValue().examples(), TableOutcome.Cause.ORPHAN))
                .toList()));
        Map<TableRef, List<String>> notes = new HashMap<>();
        keptCleared.forEach((table, byReason) -> notes.put(table, byReason.entrySet().stream()
                .map(e -> Counted.rows(e.getValue().rows()) + " kept with " + e.getKey() + " (e.g. "
                        + String.join("; ", e.getValue().examples()) + ")").toList()));
        return new Outcome(skips, notes);
    }

    private static boolean setsNull(TableSchema child, ForeignKey key, Map<String, String> deleteRules) {
        if (!"SET NULL".equalsIgnoreCase(deleteRules.get(MySqlCatalog.ruleKey(child.ref().name(), key.name())))) return false;
        return key.columns().stream().allMatch(c -> child.column(c).map(col -> !col.notNull()).orElse(false));
    }

    /** The child ({@code c}) left-joined to the parent ({@code p}) on the key. */
    private static Table<?> joined(TableSchema child, ForeignKey key) {
        return joined(child, key, false);
    }

    /**
     * {@code written}: the child was written by this transaction, so it is read in primary-key order, not through the
     * foreign key's index. InnoDB cannot answer from a secondary index page that the reading transaction changed: it
     * looks every entry up in the table, at random. Measured on the MySQL sample app (600,000 rows just loaded into
     * R2Analytics, MariaDB 10.11, buffer pool smaller than the table): 15.1 s through the index, 1.4 s in key order.
     */
    private static Table<?> joined(TableSchema child, ForeignKey key, boolean written) {
        Table<?> c = table(name(child.ref().schema(), child.ref().name())).as("c");
        if (written && !child.primaryKey().isEmpty()) c = c.forceIndex("PRIMARY");
        Table<?> p = table(name(key.referenced().schema(), key.referenced().name())).as("p");
        return c.leftJoin(p).on(on(key));
    }

    private static Condition on(ForeignKey key) {
        return and(IntStream.range(0, key.columns().size())
                .mapToObj(i -> field(name("p", key.referencedColumns().get(i))).eq(field(name("c", key.columns().get(i)))))
                .toList());
    }

    /** A reference (no NULL in it: a NULL refers to nothing) whose parent row is missing. */
    private static Condition orphan(ForeignKey key) {
        List<Condition> all = new ArrayList<>();
        for (String column : key.columns()) all.add(field(name("c", column)).isNotNull());
        all.add(field(name("p", key.referencedColumns().get(0))).isNull());
        return and(all);
    }

    private static List<Field<?>> keyFields(ForeignKey key) {
        return key.columns().stream().<Field<?>>map(c -> field(name("c", c))).toList();
    }

    /** In the words of the original guide: "User id not found". */
    private static String reason(ForeignKey key) {
        return key.referenced().name() + " " + String.join(", ", key.referencedColumns()) + " not found";
    }

    private record Removed(long rows, List<String> examples) {
        Removed plus(Removed more) {
            List<String> all = new ArrayList<>(examples);
            more.examples().stream().filter(e -> !all.contains(e) && all.size() < 3).forEach(all::add);
            return new Removed(rows + more.rows(), all);
        }
    }
}
