package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;

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

    /**
     * A foreign key from {@code child} to {@code parent}, column by column, as it was before it was set aside.
     * {@code onOrphan} says what becomes of a child row whose parent is missing, as the key's {@code ON DELETE}
     * says for a parent deleted: kept with its reference set to NULL or to its default, or taken out.
     */
    record Key(TableRef child, String name, List<String> columns, TableRef parent, List<String> parentColumns,
               boolean validated, OnOrphan onOrphan) {
    }

    enum OnOrphan {
        REMOVE("taken out"), SET_NULL("NULL"), SET_DEFAULT("DEFAULT");

        private final String value;

        OnOrphan(String value) {
            this.value = value;
        }

        /**
         * From a key's {@code confdeltype}; {@code SET NULL} or {@code SET DEFAULT} only where every column of the key
         * may take it (nullable, or with a default), else the row is taken out as with any other key.
         */
        static OnOrphan of(String deleteAction, boolean columnsAllow) {
            if (!columnsAllow) return REMOVE;
            return switch (deleteAction) {
                case "n" -> SET_NULL;
                case "d" -> SET_DEFAULT;
                default -> REMOVE;
            };
        }
    }

    /** What {@link #remove} did: rows taken out, and rows kept with their reference cleared, per table. */
    record Outcome(Map<TableRef, List<TableOutcome.Skip>> removed, Map<TableRef, List<String>> cleared) {
    }

    /**
     * Takes out the orphans among the rows of {@code loaded} tables. A key between two {@code whole} tables (emptied,
     * then given every row of one consistent snapshot, nothing left out) has no orphans unless the snapshot itself
     * had some, and is not scanned, until rows are taken out of its parent table; the foreign key's validation
     * afterwards tells whether the snapshot had any, and then the caller runs this again with no table whole.
     */
    static Outcome remove(Db db, List<Key> keys, Set<TableRef> loaded, Set<TableRef> whole) {
        Map<TableRef, Map<String, Removed>> removed = new HashMap<>();
        Map<TableRef, Map<Key, Removed>> kept = new HashMap<>();
        Set<TableRef> changed = new java.util.HashSet<>();
        // the rows to take out go first, pass after pass; only then are references cleared, so that a row kept with
        // its reference cleared is not one taken out afterwards for another missing parent (it would be counted twice)
        boolean clearing = false;
        boolean again = true;
        while (again) {
            again = false;
            boolean cleared = false;
            for (Key key : keys) {
                if (!key.validated() || !loaded.contains(key.child())) continue;
                if ((key.onOrphan() != OnOrphan.REMOVE) != clearing) continue;
                if (whole.contains(key.child()) && whole.contains(key.parent()) && !changed.contains(key.parent())) continue;
                long set = 0;
                if (key.onOrphan() != OnOrphan.REMOVE) {
                    // the reference is cleared and the row kept; a default that is missing too is an orphan after all
                    Removed clear = db.query(orphans("UPDATE " + Sql.table(key.child()) + " c SET " + key.columns().stream()
                            .map(c -> Sql.name(c) + " = " + key.onOrphan().value).collect(Collectors.joining(", "))
                            + " FROM (SELECT ctid AS preserve_row, " + missing(key) + " AS missing FROM " + Sql.table(key.child())
                            + " c WHERE " + orphan(key) + ") o WHERE c.ctid = o.preserve_row", "o.missing"),
                            r -> new Removed(r.getLong(1), examples(r.getArray(2)))).get(0);
                    set = clear.rows();
                    if (set > 0) {
                        cleared = true;
                        kept.computeIfAbsent(key.child(), t -> new java.util.LinkedHashMap<>()).merge(key, clear, Removed::plus);
                    }
                }
                Removed pass = db.query(orphans("DELETE FROM " + Sql.table(key.child()) + " c WHERE " + orphan(key), missing(key)),
                        r -> new Removed(r.getLong(1), examples(r.getArray(2)))).get(0);
                if (set > 0 && pass.rows() > 0) {
                    // rows set to a default that is missing as well: taken out after all, not kept
                    kept.get(key.child()).merge(key, new Removed(-pass.rows(), List.of()), Removed::plus);
                }
                if (pass.rows() == 0) continue;
                again = true;
                changed.add(key.child());
                removed.computeIfAbsent(key.child(), t -> new java.util.LinkedHashMap<>())
                        .merge(reason(key), pass, Removed::plus);
            }
            if (clearing) {
                // a cleared reference could be one another key reads: look again for rows to take out
                clearing = false;
                again = again || cleared;
            } else if (!again) {
                clearing = true;
                again = true;
            }
        }
        Map<TableRef, List<TableOutcome.Skip>> skips = new HashMap<>();
        removed.forEach((table, byReason) -> skips.put(table, byReason.entrySet().stream()
                .map(e -> new TableOutcome.Skip(e.getValue().rows(), e.getKey(), e.getValue().examples(),
                        TableOutcome.Cause.ORPHAN)).toList()));
        Map<TableRef, List<String>> notes = new HashMap<>();
        kept.forEach((table, byKey) -> notes.put(table, byKey.entrySet().stream().filter(e -> e.getValue().rows() > 0)
                .map(e -> io.preserve.domain.model.Counted.rows(e.getValue().rows()) + " kept with " + String.join(", ", e.getKey().columns()) + " set to "
                        + e.getKey().onOrphan().value + ": " + reason(e.getKey()) + " (the foreign key says ON DELETE SET "
                        + e.getKey().onOrphan().value + ")"
                        + (e.getValue().examples().isEmpty() ? "" : " (e.g. " + String.join("; ", e.getValue().examples()) + ")"))
                .toList()));
        return new Outcome(skips, notes);
    }

    /** The rows of {@code key}'s child whose parent row is missing (a NULL in the key refers to nothing). */
    private static String orphan(Key key) {
        String present = IntStream.range(0, key.columns().size())
                .mapToObj(i -> "c." + Sql.name(key.columns().get(i)) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        String match = IntStream.range(0, key.columns().size())
                .mapToObj(i -> "p." + Sql.name(key.parentColumns().get(i)) + " = c." + Sql.name(key.columns().get(i)))
                .collect(Collectors.joining(" AND "));
        return present + " AND NOT EXISTS (SELECT 1 FROM " + Sql.table(key.parent()) + " p WHERE " + match + ")";
    }

    private static String missing(Key key) {
        return key.columns().stream().map(c -> "c." + Sql.name(c) + "::text").collect(Collectors.joining(" || ', ' || "));
    }

    /** {@code change} (a DELETE or UPDATE of orphans), counted, with a few of the missing keys. */
    private static String orphans(String change, String missing) {
        return "WITH gone AS (" + change + " RETURNING " + missing + " AS missing)"
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
