package io.preserve.domain.service.migration;

import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.migration.Count;
import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.TableName;
import io.preserve.domain.port.out.MeasureDataPort;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which columns named in {@code renames:} a command renamed in place, values and all ({@code RENAME COLUMN}), rather
 * than dropping the old column and adding the new one: a digest of the old column's values, tied to each row's key,
 * before the command, and of the new column after; the same digest says the values stayed. Only {@code renames:}
 * entries are measured before (which column a command will rename is not known until it ran); a rename the plan only
 * suggests is judged by the names.
 */
final class KeptValues {
    /** {@code Table.old} to the digest of its values before the command, where it was measured. */
    private final Map<String, Long> before;
    private final Map<String, List<String>> keys;

    private KeptValues(Map<String, Long> before, Map<String, List<String>> keys) {
        this.before = before;
        this.keys = keys;
    }

    /** Before the command: the digest of each renamed column the database still has under its old name. */
    static KeptValues measure(List<TableSchema> snapshot, RestoreRules rules, MeasureDataPort measure) {
        Map<String, TableSchema> then = snapshot.stream().collect(Collectors.toMap(t -> t.ref().name(), Function.identity()));
        Map<String, Measure.Digest> digests = new LinkedHashMap<>();
        rules.columnRenames().forEach((from, to) -> {
            String table = from.substring(0, from.indexOf('.'));
            String column = from.substring(from.indexOf('.') + 1);
            TableSchema old = then.get(table);
            if (old != null && old.column(column).isPresent() && old.column(to).isEmpty()) {
                digests.put(from, new Measure.Digest(new TableName(null, table), column, old.primaryKey()));
            }
        });
        Map<String, Long> values = new LinkedHashMap<>();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        if (digests.isEmpty()) return new KeptValues(values, keys);
        List<Count> counts = measure.measure(new ArrayList<>(digests.values()));
        int i = 0;
        for (var entry : digests.entrySet()) {
            Count count = counts.get(i++);
            if (count.known()) {
                values.put(entry.getKey(), count.value());
                keys.put(entry.getKey(), entry.getValue().key());
            }
        }
        return new KeptValues(values, keys);
    }

    /**
     * After the command: the {@code Table.old} columns whose values are all in their renamed column now, in the same
     * rows (measured where the old column is gone and the new one is there).
     */
    Set<String> kept(List<TableSchema> live, RestoreRules rules, MeasureDataPort measure) {
        Map<String, TableSchema> now = live.stream().collect(Collectors.toMap(t -> t.ref().name(), Function.identity()));
        Map<String, Measure.Digest> digests = new LinkedHashMap<>();
        before.keySet().forEach(from -> {
            String table = from.substring(0, from.indexOf('.'));
            String column = from.substring(from.indexOf('.') + 1);
            String to = rules.columnRenames().get(from);
            TableSchema current = now.get(rules.tableNow(table));
            if (current == null || current.column(column).isPresent() || current.column(to).isEmpty()) return;
            if (!keys.get(from).stream().allMatch(k -> current.column(k).isPresent())) return;
            digests.put(from, new Measure.Digest(new TableName(null, current.ref().name()), to, keys.get(from)));
        });
        Set<String> kept = new HashSet<>();
        if (digests.isEmpty()) return kept;
        List<Count> counts = measure.measure(new ArrayList<>(digests.values()));
        int i = 0;
        for (String from : digests.keySet()) {
            Count count = counts.get(i++);
            if (count.known() && count.value().equals(before.get(from))) kept.add(from);
        }
        return kept;
    }
}
