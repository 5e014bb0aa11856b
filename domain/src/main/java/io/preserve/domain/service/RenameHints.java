package io.preserve.domain.service;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.TableSchema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a column or a table looks renamed but nobody said so, what to write in {@code preserve.yaml}. Only names
 * that tell tables apart count: two tables that share nothing but {@code id}, {@code createdAt} and
 * {@code updatedAt} are not the same table renamed.
 */
final class RenameHints {
    /** Column names most tables have: sharing them says nothing (compared lower-case, without underscores). */
    private static final Set<String> GENERIC = Set.of("id", "uuid", "createdat", "updatedat", "deletedat",
            "modifiedat", "created", "updated", "modified", "createdby", "updatedby", "version");

    private RenameHints() {
    }

    /** A column that is gone and a new one of the same type with a similar name: probably a rename. */
    static List<String> forColumns(String source, String target, List<ColumnMapping> mappings, List<Column> added) {
        List<String> hints = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (ColumnMapping gone : mappings) {
            if (gone.restored() || gone.recomputed()) continue;
            for (Column fresh : added) {
                if (used.contains(fresh.name()) || !fresh.type().equals(gone.source().type())
                        || !similar(gone.source().name(), fresh.name())) continue;
                used.add(fresh.name());
                hints.add("column " + gone.source().name() + " is gone and " + fresh.name() + " is new, both "
                        + fresh.type() + ": if it was renamed, say so in preserve.yaml (renames: {" + source + "."
                        + gone.source().name() + ": " + target + "." + fresh.name() + "})");
                break;
            }
        }
        return hints;
    }

    /**
     * A live table the snapshot does not know that holds most of a vanished table's distinctive columns (beyond its
     * key and the names every table has), by name and type: probably a rename.
     */
    static String forTable(TableSchema gone, List<TableSchema> live, Set<String> inSnapshot, RestoreRules rules) {
        Set<String> claimed = new TreeSet<>(rules.tableRenames().values());
        List<Column> distinctive = gone.columns().stream().filter(c -> distinctive(c.name(), gone)).toList();
        if (distinctive.isEmpty()) return "";
        TableSchema best = null;
        long bestShared = 0;
        for (TableSchema candidate : live) {
            String name = candidate.ref().name();
            if (inSnapshot.contains(name) || claimed.contains(name)) continue;
            long shared = distinctive.stream()
                    .filter(c -> candidate.column(c.name()).map(n -> n.type().equals(c.type())).orElse(false)).count();
            if (shared * 2 > distinctive.size() && shared > bestShared) {
                best = candidate;
                bestShared = shared;
            }
        }
        if (best == null) return "";
        return "; " + best.ref().name() + " is new and has " + bestShared + " of its " + distinctive.size()
                + " distinctive columns: if it was renamed, say so in preserve.yaml (renames: {" + gone.ref().name() + ": "
                + best.ref().name() + "})";
    }

    private static boolean distinctive(String column, TableSchema table) {
        return !table.primaryKey().contains(column) && !GENERIC.contains(normalized(column));
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "");
    }

    static boolean similar(String a, String b) {
        String x = normalized(a);
        String y = normalized(b);
        if (x.equals(y)) return true;
        if (Math.min(x.length(), y.length()) >= 3 && (x.contains(y) || y.contains(x))) return true;
        return distance(x, y) <= Math.max(2, Math.max(x.length(), y.length()) / 3);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
