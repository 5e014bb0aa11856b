package io.preserve.domain.model;

import io.preserve.domain.error.InvalidRequest;

import java.util.Map;
import java.util.Optional;

/**
 * What the project says about moving old rows into the schema as it is now, from {@code preserve.yaml}.
 *
 * @param tableRenames  old table name (as in the snapshot) to its name now
 * @param columnRenames {@code OldTable.oldColumn} to the column's name now
 * @param expressions   {@code Table.column} (the table as named now) to an SQL expression over the snapshot row
 *                      that fills the column when the snapshot has no values for it
 * @param uniqueWinners {@code Table} (as named now) to who wins when a restored row clashes with a live row on a
 *                      unique key other than the one that identifies rows
 * @param conversions   {@code Table.column} (as named now) to an SQL expression over the snapshot row that gives the
 *                      column's value, replacing the snapshot's value converted by type ({@code convert:})
 * @param enumLabels    an enum type's name (as named now) to its labels renamed since the snapshot, old to new
 *                      ({@code enums:})
 */
public record RestoreRules(Map<String, String> tableRenames, Map<String, String> columnRenames,
                           Map<String, String> expressions, Map<String, ConflictWinner> uniqueWinners,
                           Map<String, String> conversions, Map<String, Map<String, String>> enumLabels) {
    public static final RestoreRules NONE = new RestoreRules(Map.of(), Map.of(), Map.of(), Map.of());

    public RestoreRules(Map<String, String> tableRenames, Map<String, String> columnRenames,
                        Map<String, String> expressions, Map<String, ConflictWinner> uniqueWinners) {
        this(tableRenames, columnRenames, expressions, uniqueWinners, Map.of(), Map.of());
    }

    /** On a unique-key clash: keep the live row and report the snapshot's (default), or replace the live row. */
    public enum ConflictWinner {
        DATABASE, SNAPSHOT;

        public static ConflictWinner parse(String text) {
            for (ConflictWinner w : values()) if (w.name().equalsIgnoreCase(text)) return w;
            throw new InvalidRequest("unknown winner '" + text + "' (expected database or snapshot)");
        }
    }

    public RestoreRules {
        tableRenames = Map.copyOf(tableRenames);
        columnRenames = Map.copyOf(columnRenames);
        expressions = Map.copyOf(expressions);
        uniqueWinners = Map.copyOf(uniqueWinners);
        conversions = Map.copyOf(conversions);
        var labels = new java.util.LinkedHashMap<String, Map<String, String>>();
        enumLabels.forEach((type, renamed) -> labels.put(type, Map.copyOf(renamed)));
        enumLabels = java.util.Collections.unmodifiableMap(labels);
    }

    /**
     * The labels renamed for an enum type as {@code format_type} prints it ({@code "Status"}, {@code status}, or
     * schema-qualified): the configuration names the type as a person writes it, without quotes.
     */
    public Map<String, String> labelsRenamedIn(String type) {
        return enumLabels.getOrDefault(typeName(type), Map.of());
    }

    /** The last name of a possibly schema-qualified, possibly quoted type name as {@code format_type} prints it. */
    public static String typeName(String type) {
        String last = type;
        int i = 0;
        while (i < type.length()) {
            StringBuilder part = new StringBuilder();
            if (type.charAt(i) == '"') {
                for (i++; i < type.length(); i++) {
                    char c = type.charAt(i);
                    if (c == '"' && i + 1 < type.length() && type.charAt(i + 1) == '"') {
                        part.append('"');
                        i++;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        part.append(c);
                    }
                }
            } else {
                int end = type.indexOf('.', i);
                if (end < 0) end = type.length();
                part.append(type, i, end);
                i = end;
            }
            last = part.toString();
            if (i < type.length() && type.charAt(i) == '.') i++;
            else break;
        }
        return last;
    }

    /** The name a snapshot table has now. */
    public String tableNow(String snapshotTable) {
        return tableRenames.getOrDefault(snapshotTable, snapshotTable);
    }

    /** The name a snapshot table's column has now, when the project renamed it. */
    public Optional<String> columnNow(String snapshotTable, String column) {
        return Optional.ofNullable(columnRenames.get(snapshotTable + "." + column));
    }

    public ConflictWinner winnerFor(String table) {
        return uniqueWinners.getOrDefault(table, ConflictWinner.DATABASE);
    }
}
