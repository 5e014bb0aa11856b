package io.preserve.domain.service;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.ColumnFill;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.Constraint;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans one table: where each snapshot column's values go and how they change on the way (a cast through the live
 * type, the project's {@code convert:} expression, renamed enum labels, a value for NULLs that are refused now), what
 * fills the columns that are new, which of the live table's rules the rows must be checked against, and which key
 * identifies a row. Every decision is written into the plan's notes, in words, before anything is written.
 */
final class TablePlanner {
    private TablePlanner() {
    }

    static TablePlan plan(TableSchema source, TableSchema target, RestoreMode mode, long rows,
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
                if (renamed.isPresent()) notes.add("column " + column.name() + " is " + nameNow + " now (renames)");
                mappings.add(mapped(column, live.get(), targetName, defaults, rules, notes));
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
        List<String> missingValues = new ArrayList<>();
        for (Column column : target.columns()) {
            if (mappings.stream().anyMatch(m -> column.name().equals(m.target()))) continue;
            String key = targetName + "." + column.name();
            String given = defaults.get(key);
            String expression = rules.conversions().getOrDefault(key, rules.expressions().get(key));
            boolean unique = target.uniqueKeys().contains(List.of(column.name()));
            if (given != null) {
                fills.add(new ColumnFill(column.name(), column.type(), given, false));
                notes.add("column " + column.name() + " is new: filled with '" + given + "' (--default)"
                        + (unique ? "; it is unique, so a constant fits one row only: the others are skipped as duplicates" : ""));
            } else if (expression != null) {
                fills.add(new ColumnFill(column.name(), column.type(), expression, true));
                notes.add("column " + column.name() + " is new: filled with " + expression
                        + (rules.conversions().containsKey(key) ? " (convert)" : " (defaults)"));
            } else if (column.notNull() && !column.hasDefault()) {
                missingValues.add(column.name());
                added.add(column);
                notes.add("column " + column.name() + " is new, NOT NULL and without a default: no row can go in without a value ("
                        + (unique ? "it is unique, so a constant cannot work: give an expression that differs per row under"
                                + " defaults: in preserve.yaml" + TablePlan.perRowExample(key, column.name(), target.primaryKey())
                                : "--default " + key + "=VALUE, or an expression under defaults: in preserve.yaml")
                        + ")");
            } else {
                added.add(column);
                notes.add("column " + column.name() + " is new: filled by " + (column.hasDefault() ? "its default" : "NULL"));
            }
        }
        notes.addAll(RenameHints.forColumns(sourceName, targetName, mappings, added));
        List<Constraint> toCheck = target.constraintsNotIn(source);
        if (source.constraints() != null) {
            for (Constraint c : toCheck) {
                if (c.kind() != Constraint.Kind.TRIGGER) notes.add(describeNew(c));
            }
        }
        List<String> key = conflictKey(target, mappings);
        List<List<String>> otherKeys = new ArrayList<>();
        if (!target.primaryKey().isEmpty() && !target.primaryKey().equals(key)) otherKeys.add(target.primaryKey());
        for (List<String> unique : target.uniqueKeys()) {
            boolean mapped = unique.stream().allMatch(c -> mappings.stream().anyMatch(m -> c.equals(m.target())));
            if (!unique.equals(key) && mapped && !otherKeys.contains(unique)) otherKeys.add(unique);
        }
        if (mode != RestoreMode.MERGE && key.isEmpty()) {
            notes.add("no primary or unique key: " + mode.label() + " cannot tell rows apart, so rows are compared whole");
        }
        return new TablePlan(source.ref(), target.ref(), mappings, key, mode, notes, rows, fills, missingValues,
                otherKeys, rules.winnerFor(targetName), filter, TablePlan.Held.NONE, toCheck);
    }

    /** A snapshot column whose values go to a live column: how they change on the way, in notes too. */
    private static ColumnMapping mapped(Column column, Column live, String table, Map<String, String> defaults,
                                        RestoreRules rules, List<String> notes) {
        String name = live.name();
        String key = table + "." + name;
        ColumnMapping mapping = ColumnMapping.to(column, live);
        String conversion = rules.conversions().get(key);
        Map<String, String> relabel = live.enumLabels() == null ? Map.of() : rules.labelsRenamedIn(live.type());
        if (conversion != null) {
            mapping = mapping.converted(conversion);
            notes.add("column " + name + ": values computed by " + conversion + " over the snapshot's row (convert)");
        } else if (!relabel.isEmpty() && column.enumLabels() != null) {
            for (String label : relabel.values()) {
                if (!live.enumLabels().contains(label)) {
                    throw new InvalidRequest("enums: " + RestoreRules.typeName(live.type()) + ": " + label + " is not a label of "
                            + live.type() + " now (it has " + String.join(", ", live.enumLabels()) + ")");
                }
            }
            mapping = mapping.relabelled(relabel);
            notes.add("column " + name + ": enum labels renamed on the way (" + relabel.entrySet().stream()
                    .map(e -> e.getKey() + " -> " + e.getValue()).sorted().reduce((a, b) -> a + ", " + b).orElse("") + ")");
        }
        if (conversion == null && !live.type().equals(column.type())) {
            notes.add("column " + column.name() + ": " + column.type() + " in the snapshot, " + live.type()
                    + " now; values are cast, rows whose value does not fit are skipped");
        }
        List<String> gone = column.labelsGoneIn(live).stream().filter(l -> !relabel.containsKey(l)).toList();
        if (conversion == null && !gone.isEmpty()) {
            notes.add("column " + column.name() + ": enum " + live.type() + " no longer has " + String.join(", ", gone)
                    + "; rows holding them are skipped (enums: in preserve.yaml can rename them)");
        }
        List<String> checks = column.domainChecksNewIn(live);
        if (conversion == null && live.type().equals(column.type()) && !checks.isEmpty()) {
            notes.add("column " + name + ": its type " + live.type() + " has constraints now that it did not have ("
                    + String.join(", ", checks) + "); rows whose value breaks one are skipped");
        }
        if (mapping.tightened()) {
            String given = defaults.get(key);
            String expression = rules.expressions().get(key);
            if (given != null) {
                mapping = mapping.fillingNulls(new ColumnFill(name, live.type(), given, false));
                notes.add("column " + name + " is NOT NULL now: the snapshot's NULLs there are filled with '" + given + "' (--default)");
            } else if (expression != null) {
                mapping = mapping.fillingNulls(new ColumnFill(name, live.type(), expression, true));
                notes.add("column " + name + " is NOT NULL now: the snapshot's NULLs there are filled with " + expression + " (defaults)");
            } else {
                notes.add("column " + name + " is NOT NULL now and was not in the snapshot: rows holding NULL there are"
                        + " skipped (--default " + key + "=VALUE, or defaults: in preserve.yaml, fills them)");
            }
        }
        return mapping;
    }

    private static String describeNew(Constraint c) {
        return switch (c.kind()) {
            case CHECK -> c.definition() + " is new (" + c.name() + "): rows that break it are skipped";
            case UNIQUE -> c.definition() + " is new (" + c.name() + "): of rows that share a value there, the first"
                    + " in the snapshot goes in and the others are skipped";
            case EXCLUSION -> c.definition() + " is new (" + c.name() + "): rows it refuses are skipped";
            case TRIGGER -> c.definition();
        };
    }

    /**
     * Every value given for a column must be used: {@code --default} and {@code defaults:} fill a new column or the
     * NULLs of a column that refuses them now, {@code convert:} computes a column's values; {@code enums:} names an
     * enum type a column of the database has. An entry for a planned table that fits none of these is refused (it would
     * be quietly ignored otherwise). Tables not restored are not judged: the configuration serves every snapshot.
     */
    static void checkUsed(List<TablePlan> plans, Map<String, String> defaults, RestoreRules rules, List<TableSchema> live) {
        for (String key : defaults.keySet()) {
            if (!filled(plans, key)) {
                throw new InvalidRequest("--default " + key + ": " + whyUnused(plans, key, "--default"));
            }
        }
        for (String key : rules.expressions().keySet()) {
            if (planned(plans, key) && !filled(plans, key)) {
                throw new InvalidRequest("defaults: " + key + ": " + whyUnused(plans, key, "defaults:"));
            }
        }
        for (String key : rules.conversions().keySet()) {
            if (!planned(plans, key)) continue;
            boolean used = filled(plans, key) || plans.stream().anyMatch(p -> p.columns().stream()
                    .anyMatch(c -> c.convert() != null && key.equals(p.target().name() + "." + c.target())));
            if (!used) throw new InvalidRequest("convert: " + key + ": the table has no such column now");
        }
        // with no table to restore into (a wrong schema, say), that is what the report will say
        if (plans.isEmpty()) return;
        for (String type : rules.enumLabels().keySet()) {
            boolean known = live.stream().flatMap(t -> t.columns().stream())
                    .anyMatch(c -> c.enumLabels() != null && type.equals(RestoreRules.typeName(c.type())));
            if (!known) throw new InvalidRequest("enums: " + type + ": no column of the database has an enum type of that name");
        }
    }

    private static boolean planned(List<TablePlan> plans, String key) {
        String table = key.substring(0, key.lastIndexOf('.'));
        return plans.stream().anyMatch(p -> p.target().name().equals(table));
    }

    private static boolean filled(List<TablePlan> plans, String key) {
        return plans.stream().anyMatch(p -> p.fills().stream().anyMatch(f -> key.equals(p.target().name() + "." + f.column()))
                || p.columns().stream().anyMatch(c -> c.whenNull() != null && key.equals(p.target().name() + "." + c.target())));
    }

    private static String whyUnused(List<TablePlan> plans, String key, String option) {
        String table = key.substring(0, key.lastIndexOf('.'));
        String column = key.substring(key.lastIndexOf('.') + 1);
        var plan = plans.stream().filter(p -> p.target().name().equals(table)).findFirst();
        if (plan.isEmpty()) return "no restored table of that name";
        if (plan.get().mappingTo(column).isPresent()) {
            return "the snapshot has values for this column, and it takes NULL as it did then (" + option
                    + " fills only a new column, or the NULLs of one that refuses them now); to compute its values from"
                    + " the snapshot's row, use convert: in preserve.yaml";
        }
        return "table " + table + " has no such column now";
    }

    /**
     * The key that tells a snapshot row from the others: the primary key when the snapshot gives its columns, else the
     * first unique key of NOT NULL columns that it gives (a migration that added a surrogate {@code id} and kept the old
     * key unique: the old key still names the row), else as {@link #conflictKey(TableSchema)} says (and whole rows are
     * compared when the snapshot lacks its columns).
     */
    static List<String> conflictKey(TableSchema table, List<ColumnMapping> mappings) {
        java.util.function.Predicate<List<String>> given = key -> !key.isEmpty()
                && key.stream().allMatch(c -> mappings.stream().anyMatch(m -> c.equals(m.target())));
        if (given.test(table.primaryKey())) return table.primaryKey();
        return table.uniqueKeys().stream()
                .filter(key -> key.stream().allMatch(c -> table.column(c).map(Column::notNull).orElse(false)))
                .filter(given).findFirst().orElseGet(() -> conflictKey(table));
    }

    /** The primary key, else the first unique key whose columns are all NOT NULL, else none. */
    static List<String> conflictKey(TableSchema table) {
        if (!table.primaryKey().isEmpty()) return table.primaryKey();
        return table.uniqueKeys().stream()
                .filter(key -> key.stream().allMatch(c -> table.column(c).map(Column::notNull).orElse(false)))
                .findFirst().orElse(List.of());
    }
}
