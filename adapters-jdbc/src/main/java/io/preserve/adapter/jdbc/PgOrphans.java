package io.preserve.adapter.jdbc;

import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TableRef;

import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Takes out the restored rows whose parent row is missing: neither in the database before the restore nor among
 * the rows restored. One set-based DELETE per foreign key, repeated until a whole pass removes nothing, so the
 * children of removed rows go too, and cycles and self-references need nothing special. Only tables the restore
 * loaded are touched, and only under foreign keys that were valid: every row such a key could reject was inserted
 * by this restore.
 */
final class PgOrphans {
    private PgOrphans() {
    }

    /** A foreign key from {@code child} to {@code parent}, column by column, as it was before it was set aside. */
    record Key(TableRef child, String name, List<String> columns, TableRef parent, List<String> parentColumns,
               boolean validated) {
    }

    /**
     * Takes out the orphans among the rows of {@code loaded} tables. A key between two {@code whole} tables (emptied,
     * then given every row of one consistent snapshot, nothing left out) has no orphans unless the snapshot itself
     * had some, and is not scanned, until rows are taken out of its parent table; the foreign key's validation
     * afterwards tells whether the snapshot had any, and then the caller runs this again with no table whole.
     */
    static Map<TableRef, List<TableOutcome.Skip>> remove(Db db, List<Key> keys, Set<TableRef> loaded, Set<TableRef> whole) {
        Map<TableRef, Map<String, Removed>> removed = new HashMap<>();
        Set<TableRef> changed = new java.util.HashSet<>();
        boolean again = true;
        while (again) {
            again = false;
            for (Key key : keys) {
                if (!key.validated() || !loaded.contains(key.child())) continue;
                if (whole.contains(key.child()) && whole.contains(key.parent()) && !changed.contains(key.parent())) continue;
                Removed pass = db.query(deleteOrphans(key), r -> new Removed(r.getLong(1), examples(r.getArray(2)))).get(0);
                if (pass.rows() == 0) continue;
                again = true;
                changed.add(key.child());
                removed.computeIfAbsent(key.child(), t -> new java.util.LinkedHashMap<>())
                        .merge(reason(key), pass, Removed::plus);
            }
        }
        Map<TableRef, List<TableOutcome.Skip>> skips = new HashMap<>();
        removed.forEach((table, byReason) -> skips.put(table, byReason.entrySet().stream()
                .map(e -> new TableOutcome.Skip(e.getValue().rows(), e.getKey(), e.getValue().examples(),
                        TableOutcome.Cause.ORPHAN)).toList()));
        return skips;
    }

    private static String deleteOrphans(Key key) {
        String present = IntStream.range(0, key.columns().size())
                .mapToObj(i -> "c." + Sql.name(key.columns().get(i)) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        String match = IntStream.range(0, key.columns().size())
                .mapToObj(i -> "p." + Sql.name(key.parentColumns().get(i)) + " = c." + Sql.name(key.columns().get(i)))
                .collect(Collectors.joining(" AND "));
        String missing = key.columns().stream().map(c -> "c." + Sql.name(c) + "::text").collect(Collectors.joining(" || ', ' || "));
        return "WITH gone AS (DELETE FROM " + Sql.table(key.child()) + " c WHERE " + present
                + " AND NOT EXISTS (SELECT 1 FROM " + Sql.table(key.parent()) + " p WHERE " + match + ")"
                + " RETURNING " + missing + " AS missing)"
                + " SELECT count(*), (array_agg(DISTINCT missing ORDER BY missing))[1:3] FROM gone";
    }

    /** Why, in the words of the original guide: "User id not found". */
    private static String reason(Key key) {
        return key.parent().name() + " " + String.join(", ", key.parentColumns()) + " not found";
    }

    private static List<String> examples(Array array) throws java.sql.SQLException {
        if (array == null) return List.of();
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private record Removed(long rows, List<String> examples) {
        Removed plus(Removed more) {
            List<String> all = new ArrayList<>(examples);
            more.examples().stream().filter(e -> !all.contains(e) && all.size() < 3).forEach(all::add);
            return new Removed(rows + more.rows(), all);
        }
    }
}
