package io.preserve.domain.service;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.ColumnFill;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestorePlan;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.out.ProgressListener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Matches a snapshot's tables and columns to the live schema, by name or by the project's renames, and decides,
 * per table, where each column's values go, what fills the columns that are new, which key identifies a row, how
 * the rows meet the rows already there, and which tables are left out and why. Where a column or a table looks
 * renamed but nobody said so, the plan says what to write in {@code preserve.yaml}.
 */
public final class RestorePlanner {
    private final TableOrderer orderer = new TableOrderer();

    public RestorePlan plan(SnapshotManifest snapshot, String liveSchema, List<TableSchema> live, RestoreMode mode,
                            Set<String> includeHistory) {
        return plan(snapshot, liveSchema, live, new RestoreCommand(Optional.empty(), Optional.of(mode), false,
                includeHistory, Categories.NONE, Selection.ALL, Map.of(), RestoreRules.NONE, false, false, ProgressListener.NONE));
    }

    public RestorePlan plan(SnapshotManifest snapshot, String liveSchema, List<TableSchema> live, RestoreCommand command) {
        RestoreRules rules = command.rules();
        Categories categories = command.categories();
        Map<String, TableSchema> liveByName =
                live.stream().collect(Collectors.toMap(t -> t.ref().name(), Function.identity()));
        List<String> namesNow = snapshot.tables().stream().map(e -> rules.tableNow(e.ref().name())).distinct().toList();
        Set<String> known = new TreeSet<>(namesNow);
        snapshot.tables().forEach(e -> known.add(e.ref().name()));
        known.addAll(liveByName.keySet());
        categories.checkTablesExist(known, "the snapshot or the database");
        checkRules(rules, snapshot, liveByName);
        Map<String, Optional<TableFilter>> selected = command.selection().filters(categories, namesNow);
        Set<String> inSnapshot = snapshot.tables().stream().map(e -> e.ref().name()).collect(Collectors.toSet());
        List<TablePlan> plans = new ArrayList<>();
        List<RestorePlan.Left> excluded = new ArrayList<>();
        Map<String, SnapshotManifest.Entry> unselected = new java.util.HashMap<>();
        for (SnapshotManifest.Entry entry : snapshot.tables()) {
            String name = entry.ref().name();
            String nameNow = rules.tableNow(name);
            TableSchema target = liveByName.get(nameNow);
            long rows = entry.data().rows();
            if (!selected.containsKey(nameNow)) {
                if (target != null && !MigrationHistory.isHistoryTable(name)) unselected.put(nameNow, entry);
                excluded.add(new RestorePlan.Left(TableOutcome.excluded(entry.ref(), rows,
                        command.selection().whyNot(categories, namesNow, nameNow)), RestorePlan.Exclusion.NOT_SELECTED));
            } else if (MigrationHistory.isHistoryTable(name) && !command.includeHistory().contains(name)) {
                excluded.add(new RestorePlan.Left(TableOutcome.excluded(entry.ref(), rows,
                        "migration history: describes the schema as it is now (name it in --include-history to restore it)"),
                        RestorePlan.Exclusion.MIGRATION_HISTORY));
            } else if (target == null) {
                excluded.add(new RestorePlan.Left(TableOutcome.excluded(entry.ref(), rows, (nameNow.equals(name)
                        ? "no table " + name + " in schema " + liveSchema + " (dropped since the snapshot?)"
                        : "renamed to " + nameNow + " in the configuration, but there is no table " + nameNow + " in schema "
                        + liveSchema) + tableRenameHint(entry.schema(), live, inSnapshot, rules)),
                        RestorePlan.Exclusion.NOT_IN_DATABASE));
            } else {
                RestoreMode mode = command.mode().orElseGet(() -> categoryMode(categories, nameNow));
                // A snapshot that holds only some rows of a table says which: replace must not empty the rest.
                TableFilter filter = selected.get(nameNow).orElse(snapshot.header().filters().get(name));
                plans.add(planTable(entry.schema(), target, mode, rows, command.defaults(), rules, filter));
            }
        }
        if (command.withParents()) addParents(plans, excluded, unselected, liveByName, snapshot, command);
        for (String key : command.defaults().keySet()) {
            boolean used = plans.stream().anyMatch(p -> p.fills().stream()
                    .anyMatch(f -> key.equals(p.target().name() + "." + f.column())));
            if (!used) {
                throw new InvalidRequest("--default " + key
                        + ": no restored table has a new column of that name (the snapshot already has values for it, or it does not exist)");
            }
        }
        List<TableSchema> planned = live.stream()
                .filter(t -> plans.stream().anyMatch(p -> p.target().equals(t.ref()))).toList();
        var order = orderer.order(planned);
        plans.sort(Comparator.comparingInt(p -> order.tables().indexOf(p.target())));
        return new RestorePlan(plans, excluded, order);
    }

    /**
     * {@code --with-parents}: the tables the restored tables reference (and so on, up), that the selection left
     * out, are loaded too, holding their rows back: only those the restored rows reference go in. A restored table
     * with a row filter holds back the rows the filter leaves out in the same way.
     */
    private static void addParents(List<TablePlan> plans, List<RestorePlan.Left> excluded,
                                   Map<String, SnapshotManifest.Entry> unselected, Map<String, TableSchema> liveByName,
                                   SnapshotManifest snapshot, RestoreCommand command) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>();
        plans.forEach(p -> todo.add(p.target().name()));
        Set<String> seen = new java.util.HashSet<>(todo);
        Set<String> referenced = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String child = todo.pop();
            for (var fk : liveByName.get(child).foreignKeys()) {
                String parent = fk.referenced().name();
                if (!parent.equals(child)) referenced.add(parent);
                if (!seen.add(parent) || !unselected.containsKey(parent)) continue;
                SnapshotManifest.Entry entry = unselected.get(parent);
                excluded.removeIf(x -> x.outcome().table().equals(entry.ref()));
                plans.add(planTable(entry.schema(), liveByName.get(parent), RestoreMode.MERGE, entry.data().rows(),
                        command.defaults(), command.rules(), snapshot.header().filters().get(entry.ref().name()))
                        .holding(TablePlan.Held.ALL, "parents only (--with-parents): not selected, but the rows restored rows reference go in"));
                todo.add(parent);
            }
        }
        for (int i = 0; i < plans.size(); i++) {
            TablePlan p = plans.get(i);
            if (p.filter() != null && p.held() == TablePlan.Held.NONE && referenced.contains(p.target().name())) {
                plans.set(i, p.holding(TablePlan.Held.FILTERED_OUT,
                        "rows the filter leaves out go in where restored rows reference them (--with-parents)"));
            }
        }
    }

    /**
     * The project's renames and default expressions must name columns that exist: a misspelt one would otherwise
     * quietly leave a column's values behind. Tables this snapshot or this database lacks are not judged (the
     * configuration serves every snapshot).
     */
    private static void checkRules(RestoreRules rules, SnapshotManifest snapshot, Map<String, TableSchema> live) {
        Map<String, TableSchema> old = new java.util.HashMap<>();
        snapshot.tables().forEach(e -> old.put(e.ref().name(), e.schema()));
        rules.columnRenames().forEach((from, to) -> {
            String table = from.substring(0, from.indexOf('.'));
            String column = from.substring(from.indexOf('.') + 1);
            TableSchema before = old.get(table);
            if (before != null && before.column(column).isEmpty()) {
                throw new InvalidRequest("renames: " + from + ": the snapshot's table " + table + " has no column " + column
                        + " (it has " + String.join(", ", before.columnNames()) + ")");
            }
            TableSchema now = live.get(rules.tableNow(table));
            if (before != null && now != null && now.column(to).isEmpty() && !now.generatedColumns().contains(to)) {
                throw new InvalidRequest("renames: " + from + ": table " + now.ref().name() + " has no column " + to
                        + " now (it has " + String.join(", ", now.columnNames()) + ")");
            }
        });
        rules.expressions().keySet().forEach(key -> {
            TableSchema now = live.get(key.substring(0, key.lastIndexOf('.')));
            String column = key.substring(key.lastIndexOf('.') + 1);
            if (now != null && now.column(column).isEmpty()) {
                throw new InvalidRequest("defaults: " + key + ": table " + now.ref().name() + " has no column " + column
                        + " (it has " + String.join(", ", now.columnNames()) + ")");
            }
        });
    }

    private static RestoreMode categoryMode(Categories categories, String table) {
        return categories.categories().stream()
                .filter(c -> c.mode() != null && c.tables().contains(table))
                .map(Category::mode).findFirst().orElse(RestoreMode.MERGE);
    }

    private static TablePlan planTable(TableSchema source, TableSchema target, RestoreMode mode, long rows,
                                       Map<String, String> defaults, RestoreRules rules, TableFilter filter) {
        String sourceName = source.ref().name();
        String targetName = target.ref().name();
        List<ColumnMapping> mappings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!sourceName.equals(targetName)) notes.add("table " + sourceName + " is " + targetName + " now (renames)");
        if (filter != null) notes.add("rows restored: " + filter.describe() + " (category " + filter.category() + ")");
        for (Column column : source.columns()) {
            Optional<String> renamed = rules.columnNow(sourceName, column.name());
            String nameNow = renamed.orElse(column.name());
            var live = target.column(nameNow);
            if (live.isPresent()) {
                ColumnMapping mapping = ColumnMapping.to(column, live.get());
                mappings.add(mapping);
                if (renamed.isPresent()) notes.add("column " + column.name() + " is " + nameNow + " now (renames)");
                if (!live.get().type().equals(column.type())) {
                    notes.add("column " + column.name() + ": " + column.type() + " in the snapshot, "
                            + live.get().type() + " now; values are cast, rows whose value does not fit are skipped");
                }
                List<String> gone = column.labelsGoneIn(live.get());
                if (!gone.isEmpty()) {
                    notes.add("column " + column.name() + ": enum " + live.get().type() + " no longer has "
                            + String.join(", ", gone) + "; rows holding them are skipped");
                }
            } else {
                String why = target.generatedColumns().contains(nameNow)
                        ? ColumnMapping.RECOMPUTED
                        : renamed.isPresent() ? "renamed to " + nameNow + " in the configuration, but " + targetName
                                + " has no such column; its values stay in the snapshot"
                        : "not in the database; its values stay in the snapshot";
                mappings.add(ColumnMapping.dropped(column, why));
                notes.add("column " + column.name() + " not restored: " + why);
            }
        }
        List<ColumnFill> fills = new ArrayList<>();
        List<Column> added = new ArrayList<>();
        String missingValue = null;
        for (Column column : target.columns()) {
            if (mappings.stream().anyMatch(m -> column.name().equals(m.target()))) continue;
            String key = targetName + "." + column.name();
            String given = defaults.get(key);
            String expression = rules.expressions().get(key);
            if (given != null) {
                fills.add(new ColumnFill(column.name(), column.type(), given, false));
                notes.add("column " + column.name() + " is new: filled with '" + given + "' (--default)");
            } else if (expression != null) {
                fills.add(new ColumnFill(column.name(), column.type(), expression, true));
                notes.add("column " + column.name() + " is new: filled with " + expression + " (defaults)");
            } else if (column.notNull() && !column.hasDefault()) {
                missingValue = column.name();
                added.add(column);
                notes.add("column " + column.name() + " is new, NOT NULL and without a default: no row can go in"
                        + " without a value (--default " + key + "=VALUE, or under defaults: in preserve.yaml)");
            } else {
                added.add(column);
                notes.add("column " + column.name() + " is new: filled by " + (column.hasDefault() ? "its default" : "NULL"));
            }
        }
        notes.addAll(columnRenameHints(sourceName, targetName, mappings, added));
        List<String> key = conflictKey(target);
        List<List<String>> otherKeys = new ArrayList<>();
        if (!target.primaryKey().isEmpty() && !target.primaryKey().equals(key)) otherKeys.add(target.primaryKey());
        for (List<String> unique : target.uniqueKeys()) {
            boolean mapped = unique.stream().allMatch(c -> mappings.stream().anyMatch(m -> c.equals(m.target())));
            if (!unique.equals(key) && mapped && !otherKeys.contains(unique)) otherKeys.add(unique);
        }
        if (mode != RestoreMode.MERGE && key.isEmpty()) {
            notes.add("no primary or unique key: " + mode.label() + " cannot tell rows apart, so rows are compared whole");
        }
        return new TablePlan(source.ref(), target.ref(), mappings, key, mode, notes, rows, fills, missingValue,
                otherKeys, rules.winnerFor(targetName), filter, TablePlan.Held.NONE);
    }

    /** A column that is gone and a new one of the same type with a similar name: probably a rename. */
    private static List<String> columnRenameHints(String source, String target, List<ColumnMapping> mappings,
                                                  List<Column> added) {
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

    /** A live table the snapshot does not know, holding most of a vanished table's columns: probably a rename. */
    private static String tableRenameHint(TableSchema gone, List<TableSchema> live, Set<String> inSnapshot,
                                          RestoreRules rules) {
        Set<String> claimed = new TreeSet<>(rules.tableRenames().values());
        List<String> columns = gone.columnNames();
        TableSchema best = null;
        long bestShared = 0;
        for (TableSchema candidate : live) {
            String name = candidate.ref().name();
            if (inSnapshot.contains(name) || claimed.contains(name)) continue;
            long shared = columns.stream().filter(c -> candidate.column(c).isPresent()).count();
            if (shared * 2 >= columns.size() && shared > bestShared) {
                best = candidate;
                bestShared = shared;
            }
        }
        if (best == null) return "";
        return "; " + best.ref().name() + " is new and has " + bestShared + " of its " + columns.size() + " columns:"
                + " if it was renamed, say so in preserve.yaml (renames: {" + gone.ref().name() + ": " + best.ref().name() + "})";
    }

    static boolean similar(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT).replace("_", "");
        String y = b.toLowerCase(java.util.Locale.ROOT).replace("_", "");
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

    /** The primary key, else the first unique key whose columns are all NOT NULL, else none. */
    static List<String> conflictKey(TableSchema table) {
        if (!table.primaryKey().isEmpty()) return table.primaryKey();
        return table.uniqueKeys().stream()
                .filter(key -> key.stream().allMatch(c -> table.column(c).map(Column::notNull).orElse(false)))
                .findFirst().orElse(List.of());
    }
}
