package io.preserve.domain.service;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.ColumnFill;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestorePlan;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Matches a snapshot's tables and columns to the live schema by name and decides, per table, where each column's
 * values go, which key identifies a row, and which tables are left out and why.
 */
public final class RestorePlanner {
    private final TableOrderer orderer = new TableOrderer();

    public RestorePlan plan(SnapshotManifest snapshot, String liveSchema, List<TableSchema> live, RestoreMode mode,
                            Set<String> includeHistory) {
        return plan(snapshot, liveSchema, live, mode, includeHistory, Categories.NONE, Selection.ALL, Map.of());
    }

    public RestorePlan plan(SnapshotManifest snapshot, String liveSchema, List<TableSchema> live, RestoreMode mode,
                            Set<String> includeHistory, Categories categories, Selection selection,
                            Map<String, String> defaults) {
        Map<String, TableSchema> liveByName =
                live.stream().collect(Collectors.toMap(t -> t.ref().name(), Function.identity()));
        List<String> inSnapshot = snapshot.tables().stream().map(e -> e.ref().name()).toList();
        Set<String> known = new java.util.TreeSet<>(inSnapshot);
        known.addAll(liveByName.keySet());
        categories.checkTablesExist(known, "the snapshot or the database");
        Set<String> selected = selection.apply(categories, inSnapshot);
        List<TablePlan> plans = new ArrayList<>();
        List<TableOutcome> excluded = new ArrayList<>();
        for (SnapshotManifest.Entry entry : snapshot.tables()) {
            String name = entry.ref().name();
            TableSchema target = liveByName.get(name);
            if (!selected.contains(name)) {
                excluded.add(TableOutcome.excluded(entry.ref(), entry.data().rows(),
                        selection.whyNot(categories, inSnapshot, name)));
            } else if (MigrationHistory.isHistoryTable(name) && !includeHistory.contains(name)) {
                excluded.add(TableOutcome.excluded(entry.ref(), entry.data().rows(),
                        "migration history: describes the schema as it is now (name it in --include-history to restore it)"));
            } else if (target == null) {
                excluded.add(TableOutcome.excluded(entry.ref(), entry.data().rows(),
                        "no table " + name + " in schema " + liveSchema + " (dropped since the snapshot?)"));
            } else {
                plans.add(planTable(entry.schema(), target, mode, entry.data().rows(), defaults));
            }
        }
        for (String key : defaults.keySet()) {
            boolean used = plans.stream().anyMatch(p -> p.fills().stream()
                    .anyMatch(f -> key.equals(p.target().name() + "." + f.column())));
            if (!used) {
                throw new io.preserve.domain.error.InvalidRequest("--default " + key
                        + ": no restored table has a new column of that name (the snapshot already has values for it, or it does not exist)");
            }
        }
        List<TableSchema> planned = live.stream()
                .filter(t -> plans.stream().anyMatch(p -> p.target().equals(t.ref()))).toList();
        var order = orderer.order(planned);
        plans.sort(Comparator.comparingInt(p -> order.tables().indexOf(p.target())));
        return new RestorePlan(plans, excluded, order);
    }

    private static TablePlan planTable(TableSchema source, TableSchema target, RestoreMode mode, long rows,
                                       Map<String, String> defaults) {
        List<ColumnMapping> mappings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Column column : source.columns()) {
            var live = target.column(column.name());
            if (live.isPresent()) {
                mappings.add(new ColumnMapping(column, column.name(), live.get().type(), null));
                if (!live.get().type().equals(column.type())) {
                    notes.add("column " + column.name() + ": " + column.type() + " in the snapshot, "
                            + live.get().type() + " now; values are cast");
                }
            } else {
                String why = target.generatedColumns().contains(column.name())
                        ? "generated in the database now; recomputed"
                        : "not in the database; its values stay in the snapshot";
                mappings.add(new ColumnMapping(column, null, null, why));
                notes.add("column " + column.name() + " not restored: " + why);
            }
        }
        List<ColumnFill> fills = new ArrayList<>();
        String missingValue = null;
        for (Column column : target.columns()) {
            if (source.column(column.name()).isPresent()) continue;
            String given = defaults.get(target.ref().name() + "." + column.name());
            if (given != null) {
                fills.add(new ColumnFill(column.name(), column.type(), given));
                notes.add("column " + column.name() + " is new: filled with '" + given + "' (--default)");
            } else if (column.notNull() && !column.hasDefault()) {
                missingValue = column.name();
                notes.add("column " + column.name() + " is new, NOT NULL and without a default: no row can go in"
                        + " without a value (--default " + target.ref().name() + "." + column.name() + "=VALUE)");
            } else {
                notes.add("column " + column.name() + " is new: filled by " + (column.hasDefault() ? "its default" : "NULL"));
            }
        }
        return new TablePlan(source.ref(), target.ref(), mappings, conflictKey(target), mode, notes, rows, fills,
                missingValue);
    }

    /** The primary key, else the first unique key whose columns are all NOT NULL, else none. */
    static List<String> conflictKey(TableSchema table) {
        if (!table.primaryKey().isEmpty()) return table.primaryKey();
        return table.uniqueKeys().stream()
                .filter(key -> key.stream().allMatch(c -> table.column(c).map(Column::notNull).orElse(false)))
                .findFirst().orElse(List.of());
    }
}
