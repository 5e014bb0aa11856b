package io.preserve.domain.service;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;
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
        Categories categories = command.categories();
        Map<String, TableSchema> liveByName =
                live.stream().collect(Collectors.toMap(t -> t.ref().name(), Function.identity()));
        Map<String, List<String>> renameNotes = new java.util.HashMap<>();
        RestoreRules rules = applicableRules(command.rules(), snapshot, liveByName, renameNotes);
        List<String> namesNow = snapshot.tables().stream().map(e -> rules.tableNow(e.ref().name())).distinct().toList();
        Set<String> known = new TreeSet<>(namesNow);
        snapshot.tables().forEach(e -> known.add(e.ref().name()));
        known.addAll(liveByName.keySet());
        categories.checkTablesExist(known, "the snapshot or the database");
        checkColumnsExist("defaults", rules.expressions().keySet(), liveByName);
        checkColumnsExist("convert", rules.conversions().keySet(), liveByName);
        Map<String, Optional<TableFilter>> selected = command.selection().filters(categories, namesNow);
        Set<String> inSnapshot = snapshot.tables().stream().map(e -> e.ref().name()).collect(Collectors.toSet());
        List<TablePlan> plans = new ArrayList<>();
        List<TableOutcome> excluded = new ArrayList<>();
        Map<String, SnapshotManifest.Entry> unselected = new java.util.HashMap<>();
        for (SnapshotManifest.Entry entry : snapshot.tables()) {
            String name = entry.ref().name();
            String nameNow = rules.tableNow(name);
            TableSchema target = liveByName.get(nameNow);
            long rows = entry.data().rows();
            if (!selected.containsKey(nameNow)) {
                if (target != null && !MigrationHistory.isHistoryTable(name)) unselected.put(nameNow, entry);
                excluded.add(TableOutcome.excluded(entry.ref(), rows,
                        command.selection().whyNot(categories, namesNow, nameNow), TableOutcome.Exclusion.NOT_SELECTED));
            } else if (MigrationHistory.isHistoryTable(name) && !command.includeHistory().contains(name)) {
                excluded.add(TableOutcome.excluded(entry.ref(), rows,
                        "migration history: describes the schema as it is now (name it in --include-history to restore it)",
                        TableOutcome.Exclusion.MIGRATION_HISTORY));
            } else if (target == null) {
                excluded.add(TableOutcome.excluded(entry.ref(), rows, (nameNow.equals(name)
                        ? "no table " + name + " in schema " + liveSchema + " (dropped since the snapshot?)"
                        : "renamed to " + nameNow + " in the configuration, but there is no table " + nameNow + " in schema "
                        + liveSchema) + RenameHints.forTable(entry.schema(), live, inSnapshot, rules),
                        TableOutcome.Exclusion.NOT_IN_DATABASE));
            } else {
                RestoreMode mode = command.mode().orElseGet(() -> categoryMode(categories, nameNow));
                // A snapshot that holds only some rows of a table says which: replace must not empty the rest.
                TableFilter filter = selected.get(nameNow).orElse(snapshot.header().filters().get(name));
                TablePlan plan = TablePlanner.plan(entry.schema(), target, mode, rows, command.defaults(), rules, filter);
                for (String note : renameNotes.getOrDefault(name, List.of())) plan = plan.noting(note);
                plans.add(plan);
            }
        }
        if (command.withParents()) addParents(plans, excluded, unselected, liveByName, snapshot, command, rules);
        TablePlanner.checkUsed(plans, command.defaults(), rules, live);
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
    private static void addParents(List<TablePlan> plans, List<TableOutcome> excluded,
                                   Map<String, SnapshotManifest.Entry> unselected, Map<String, TableSchema> liveByName,
                                   SnapshotManifest snapshot, RestoreCommand command, RestoreRules rules) {
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
                excluded.removeIf(x -> x.table().equals(entry.ref()));
                plans.add(TablePlanner.plan(entry.schema(), liveByName.get(parent), RestoreMode.MERGE, entry.data().rows(),
                        command.defaults(), rules, snapshot.header().filters().get(entry.ref().name()))
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
     * The column renames that apply to this snapshot and this database: the snapshot's table has the old name (and
     * not the new one) and the live table the new one. The configuration serves every snapshot, so an entry does not
     * apply, and is no error, when the snapshot already has the new name (it was taken after the rename) or the live
     * table still has only the old one (the migration has not run): the column is then matched by name, and the plan
     * says so. An entry that names a column neither side has under either name is misspelt, and refused: it would
     * otherwise quietly leave a column's values behind. Tables this snapshot or this database lacks are not judged.
     */
    static RestoreRules applicableRules(RestoreRules rules, SnapshotManifest snapshot, Map<String, TableSchema> live,
                                                Map<String, List<String>> notes) {
        Map<String, TableSchema> old = new java.util.HashMap<>();
        snapshot.tables().forEach(e -> old.put(e.ref().name(), e.schema()));
        Map<String, String> applicable = new java.util.LinkedHashMap<>();
        rules.columnRenames().forEach((from, to) -> {
            String table = from.substring(0, from.indexOf('.'));
            String column = from.substring(from.indexOf('.') + 1);
            TableSchema before = old.get(table);
            TableSchema now = live.get(rules.tableNow(table));
            if (before == null || now == null) {
                applicable.put(from, to);
                return;
            }
            boolean oldThen = before.column(column).isPresent();
            if (!oldThen && before.column(to).isEmpty()) {
                throw new InvalidRequest("renames: " + from + ": the snapshot's table " + table + " has no column " + column
                        + " (it has " + String.join(", ", before.columnNames()) + ")");
            }
            if (before.column(to).isPresent()) {
                notes.computeIfAbsent(table, t -> new ArrayList<>()).add("renames: " + from + " -> " + to
                        + " not applied: the snapshot already has " + to + " (taken after the rename)");
                return;
            }
            boolean newNow = now.column(to).isPresent() || now.generatedColumns().contains(to);
            if (!newNow && now.column(column).isEmpty()) {
                throw new InvalidRequest("renames: " + from + ": table " + now.ref().name() + " has no column " + to
                        + " now (it has " + String.join(", ", now.columnNames()) + ")");
            }
            if (!newNow) {
                notes.computeIfAbsent(table, t -> new ArrayList<>()).add("renames: " + from + " -> " + to + " not applied: "
                        + now.ref().name() + " still has " + column + " and no " + to + " (the migration has not run)");
                return;
            }
            applicable.put(from, to);
        });
        return new RestoreRules(rules.tableRenames(), applicable, rules.expressions(), rules.uniqueWinners(),
                rules.conversions(), rules.enumLabels());
    }

    private static void checkColumnsExist(String section, Set<String> keys, Map<String, TableSchema> live) {
        keys.forEach(key -> {
            TableSchema now = live.get(key.substring(0, key.lastIndexOf('.')));
            String column = key.substring(key.lastIndexOf('.') + 1);
            if (now != null && now.column(column).isEmpty()) {
                throw new InvalidRequest(section + ": " + key + ": table " + now.ref().name() + " has no column " + column
                        + " (it has " + String.join(", ", now.columnNames()) + ")");
            }
        });
    }

    private static RestoreMode categoryMode(Categories categories, String table) {
        return categories.categories().stream()
                .filter(c -> c.mode() != null && c.tables().contains(table))
                .map(Category::mode).findFirst().orElse(RestoreMode.MERGE);
    }
}
