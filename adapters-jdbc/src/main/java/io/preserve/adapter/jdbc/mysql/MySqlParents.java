package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.list;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

/**
 * {@code --with-parents} on MySQL: snapshot rows held back in TEMPORARY tables (the live table's columns and types,
 * values as they would be inserted, checked as the stage checks them) until every table is loaded; then the held rows
 * that restored rows reference, and whose key is not in the database, go in. One {@code INSERT … SELECT} per foreign
 * key, repeated until a whole pass takes nothing, so the parents of taken parents follow.
 */
final class MySqlParents {
    /** The held rows of one live table. */
    record Held(TableRef target, String table, List<String> columns) {
    }

    private final List<Held> held = new ArrayList<>();

    /** The temporary table holding {@code target}'s rows, created empty on first use. */
    Held tableFor(Statements sql, TableSchema target, List<String> columns) throws SQLException {
        for (Held h : held) if (h.target().equals(target.ref())) return h;
        Held h = new Held(target.ref(), "preserve_held_" + held.size(), List.copyOf(columns));
        sql.execute(sql.dsl().query("CREATE TEMPORARY TABLE {0} ({5} BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY) SELECT {1}"
                        + " FROM (SELECT 1 AS {2}) AS {2} LEFT JOIN {3} AS {4} ON FALSE WHERE FALSE",
                name(h.table()), list(columns.stream().map(c -> field(name("t", c))).toList()), name("preserve_one"),
                table(name(target.ref().schema(), target.ref().name())), name("t"), name(MySqlStage.NUMBER)));
        held.add(h);
        return h;
    }

    /**
     * Drops the held tables: a connection preserve opened takes them with it when it closes, but one borrowed from an
     * application's pool goes back to it, where they would stay for its next borrower.
     */
    void drop(Statements sql) throws SQLException {
        for (Held h : held) sql.execute(sql.dsl().dropTemporaryTableIfExists(name(h.table())));
        held.clear();
    }

    /** Moves the staged rows {@code where} holds for (over the stage aliased {@code alias}) into the held table. */
    long hold(Statements sql, TableSchema target, String stage, String alias, List<String> columns, Condition where) throws SQLException {
        Held h = tableFor(sql, target, columns);
        List<Field<?>> fields = columns.stream().<Field<?>>map(c -> field(name(c))).toList();
        return sql.execute(sql.dsl().query("INSERT INTO {0} ({1}) SELECT {2} FROM {3} AS {4} WHERE {5}", table(name(h.table())), list(fields),
                list(columns.stream().map(c -> field(name(alias, c))).toList()), table(name(stage)), name(alias), where));
    }

    /**
     * What {@link #pull} did, per table: the held rows that went in, and those the server refused (each named; counted
     * in {@code taken} too, as rows that left the held ones, and then as removed).
     */
    record Pulled(Map<TableRef, Long> taken, Map<TableRef, List<TableOutcome.Skip>> refused) {
    }

    /** Moves in the held rows that rows of {@code loaded} tables reference. */
    Pulled pull(Statements sql, List<TableSchema> tables, Set<TableRef> loaded) throws SQLException {
        Map<TableRef, Long> taken = new HashMap<>();
        Map<TableRef, List<TableOutcome.Skip>> refused = new HashMap<>();
        boolean again = !held.isEmpty();
        while (again) {
            again = false;
            for (Held h : held) {
                for (TableSchema child : tables) {
                    if (!loaded.contains(child.ref())) continue;
                    for (ForeignKey key : child.foreignKeys()) {
                        if (!key.referenced().equals(h.target()) || !h.columns().containsAll(key.referencedColumns())) continue;
                        var write = take(sql, h, child, key);
                        long rows = write.inserted() + write.refusedCount();
                        if (rows == 0) continue;
                        again = true;
                        taken.merge(h.target(), rows, Long::sum);
                        if (!write.refused().isEmpty()) refused.computeIfAbsent(h.target(), t -> new ArrayList<>()).addAll(write.refused());
                    }
                }
            }
        }
        return new Pulled(taken, refused);
    }

    private static MySqlSafeWrite.Result take(Statements sql, Held h, TableSchema child, ForeignKey key) throws SQLException {
        Table<?> parent = table(name(h.target().schema(), h.target().name()));
        Condition referenced = and(IntStream.range(0, key.columns().size())
                .mapToObj(i -> field(name("c", key.columns().get(i))).eq(field(name("h", key.referencedColumns().get(i))))).toList());
        Condition present = and(key.referencedColumns().stream().map(c -> field(name("p", c)).eq(field(name("h", c)))).toList());
        List<Field<?>> columns = h.columns().stream().<Field<?>>map(c -> field(name(c))).toList();
        String first = h.columns().get(0);
        Table<?> heldTable = table(name(h.table()));
        Field<Long> number = field(name("h", MySqlStage.NUMBER), Long.class);
        long[] range = sql.query(sql.dsl().select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.min(field(name(MySqlStage.NUMBER), Long.class)), 1L),
                org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.max(field(name(MySqlStage.NUMBER), Long.class)), 0L)).from(heldTable),
                r -> new long[] {r.getLong(1), r.getLong(2)}).get(0);
        Condition needed = exists(selectOne().from(table(name(child.ref().schema(), child.ref().name())).as("c")).where(referenced))
                .and(notExists(selectOne().from(parent.as("p")).where(present)));
        MySqlSafeWrite.KeyOf keyOf = n -> sql.query(sql.dsl().select(field(org.jooq.impl.DSL.sql("CONCAT_WS(', ', {0})", list(key.referencedColumns()
                        .stream().map(c -> org.jooq.impl.DSL.sql("CONCAT({0}, CAST({1} AS CHAR))", org.jooq.impl.DSL.inline(c + "="),
                                field(name("h", c)))).toList())), String.class)).from(heldTable.as("h")).where(number.eq(n)),
                r -> r.getString(1)).stream().findFirst().orElse("row " + n);
        var write = MySqlSafeWrite.run(sql, number, range[0], range[1], keyOf, "needed as a parent (--with-parents), refused by the database",
                rows -> new long[] {sql.insertKeeping(sql.dsl().query("INSERT INTO {0} ({1}) SELECT {2} FROM {3} AS {4} WHERE {5} AND {6}"
                                + " ON DUPLICATE KEY UPDATE {7}", parent, list(columns),
                        list(h.columns().stream().map(c -> field(name("h", c))).toList()), heldTable, name("h"), needed, rows,
                        sql.keepOnClash(field(name(h.target().name(), first))))), 0});
        for (int from = 0; from < write.refusedRows().size(); from += MySqlStage.ROWS) {
            var some = write.refusedRows().subList(from, Math.min(write.refusedRows().size(), from + MySqlStage.ROWS));
            sql.execute(sql.dsl().deleteFrom(heldTable).where(field(name(MySqlStage.NUMBER), Long.class).in(some)));
        }
        // those now in the table (taken, or there already) are held no longer
        sql.execute(sql.dsl().query("DELETE {0} FROM {1} AS {0} WHERE {2}", name("h"), table(name(h.table())),
                exists(selectOne().from(parent.as("p")).where(present))));
        return write;
    }
}
