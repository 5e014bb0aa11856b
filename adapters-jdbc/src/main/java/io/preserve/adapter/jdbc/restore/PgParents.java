package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;

import io.preserve.domain.model.TableRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code --with-parents}: snapshot rows held back in temporary tables (shaped like their live tables, values as
 * they would be inserted) until every table is loaded; then the held rows that restored rows reference, and whose
 * key is not in the database, go in. One set-based statement per foreign key, repeated until a whole pass takes
 * nothing, so the parents of taken parents follow, and self-references need nothing special.
 */
final class PgParents {
    /** The held rows of one live table. */
    record Held(TableRef target, String copy, List<String> columns) {
        String table() {
            return Sql.qualified("pg_temp", copy);
        }
    }

    private final List<Held> held = new ArrayList<>();

    /** The temporary table holding {@code target}'s rows, created empty on first use. */
    Held tableFor(Db sql, TableRef target, List<String> columns) {
        for (Held h : held) if (h.target().equals(target)) return h;
        Held h = new Held(target, "preserve_held_" + held.size(), List.copyOf(columns));
        sql.execute("CREATE TEMPORARY TABLE " + Sql.name(h.copy()) + " ON COMMIT DROP AS SELECT " + Sql.names(columns)
                + " FROM " + Sql.table(target) + " WITH NO DATA");
        held.add(h);
        return h;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Moves in the held rows that rows of {@code loaded} tables reference; returns how many went in, per table. */
    Map<TableRef, Long> pull(Db sql, List<PgOrphans.Key> keys, Set<TableRef> loaded) {
        Map<TableRef, Long> taken = new HashMap<>();
        boolean again = !held.isEmpty();
        while (again) {
            again = false;
            for (Held h : held) {
                for (PgOrphans.Key key : keys) {
                    if (!key.validated() || !key.parent().equals(h.target()) || !loaded.contains(key.child())
                            || !h.columns().containsAll(key.parentColumns())) continue;
                    long rows = sql.update(take(h, key));
                    if (rows == 0) continue;
                    again = true;
                    taken.merge(h.target(), rows, Long::sum);
                }
            }
        }
        return taken;
    }

    private static String take(Held h, PgOrphans.Key key) {
        String referenced = IntStream.range(0, key.columns().size())
                .mapToObj(i -> "c." + Sql.name(key.columns().get(i)) + " = h." + Sql.name(key.parentColumns().get(i)))
                .collect(Collectors.joining(" AND "));
        String present = key.parentColumns().stream().map(c -> "t." + Sql.name(c) + " = h." + Sql.name(c))
                .collect(Collectors.joining(" AND "));
        return "WITH needed AS (DELETE FROM " + h.table() + " h WHERE EXISTS (SELECT 1 FROM " + Sql.table(key.child())
                + " c WHERE " + referenced + ") AND NOT EXISTS (SELECT 1 FROM " + Sql.table(h.target()) + " t WHERE "
                + present + ") RETURNING h.*) INSERT INTO " + Sql.table(h.target()) + " (" + Sql.names(h.columns())
                + ") OVERRIDING SYSTEM VALUE SELECT " + Sql.names(h.columns()) + " FROM needed ON CONFLICT DO NOTHING";
    }
}
