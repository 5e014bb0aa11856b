package io.preserve.adapter.jdbc.diff;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;
import io.preserve.domain.model.TableDiff;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that compares one staged snapshot table ({@code c0 … cN text}) with its live table, over the columns both
 * have. {@code s} and {@code l} are the two sides as text, their compared columns named {@code v0 … vM} and a
 * {@code present} marker; the key (if any) is among the compared columns.
 */
final class Comparison {
    private static final int SAMPLE_CHARS = 120;

    private final TableSchema table;
    private final List<String> compared = new ArrayList<>();
    private final List<Integer> stagedIndex = new ArrayList<>();
    private final List<String> key;
    private final List<String> notes = new ArrayList<>();
    private final String with;

    Comparison(TableSchema table, List<String> liveColumns, TableRef live, String stage) {
        this.table = table;
        List<String> snapshotColumns = table.columns().stream().map(c -> c.name()).toList();
        for (int i = 0; i < snapshotColumns.size(); i++) {
            if (liveColumns.contains(snapshotColumns.get(i))) {
                compared.add(snapshotColumns.get(i));
                stagedIndex.add(i);
            }
        }
        List<String> gone = snapshotColumns.stream().filter(c -> !liveColumns.contains(c)).toList();
        List<String> added = liveColumns.stream().filter(c -> !snapshotColumns.contains(c)).toList();
        if (!gone.isEmpty()) notes.add("not compared, not in the database: " + String.join(", ", gone));
        if (!added.isEmpty()) notes.add("not compared, new in the database: " + String.join(", ", added));
        this.key = chooseKey(table);
        StringBuilder s = new StringBuilder("SELECT ");
        StringBuilder l = new StringBuilder("SELECT ");
        for (int j = 0; j < compared.size(); j++) {
            s.append("c").append(stagedIndex.get(j)).append(" AS v").append(j).append(", ");
            l.append(Sql.name(compared.get(j))).append("::text AS v").append(j).append(", ");
        }
        s.append("1 AS present FROM ").append(Sql.name(stage));
        l.append("1 AS present FROM ").append(Sql.table(live));
        this.with = "WITH s AS (" + s + "), l AS (" + l + ") ";
    }

    /** The primary key, else the first unique key, whose columns are all compared; else none (rows compared whole). */
    private List<String> chooseKey(TableSchema table) {
        List<List<String>> candidates = new ArrayList<>();
        if (!table.primaryKey().isEmpty()) candidates.add(table.primaryKey());
        candidates.addAll(table.uniqueKeys());
        for (List<String> k : candidates) {
            boolean notNull = k.stream().allMatch(c -> table.columns().stream().anyMatch(col -> col.name().equals(c) && col.notNull()));
            if (compared.containsAll(k) && notNull) return List.copyOf(k);
        }
        notes.add("no key in both: rows compared whole, as a multiset");
        return List.of();
    }

    TableDiff run(Db sql, int samples) {
        if (compared.isEmpty()) {
            notes.add("no column in both: nothing compared");
            long live = sql.number(with + "SELECT count(*) FROM l");
            long snap = sql.number(with + "SELECT count(*) FROM s");
            return new TableDiff(table.ref(), List.of(), snap, live, 0, 0, -1, TableDiff.Samples.NONE, notes);
        }
        return key.isEmpty() ? multiset(sql, samples) : keyed(sql, samples);
    }

    private TableDiff keyed(Db sql, int samples) {
        String on = key.stream().map(k -> "s." + v(k) + " = l." + v(k)).collect(Collectors.joining(" AND "));
        String differ = "ROW(" + all("s") + ") IS DISTINCT FROM ROW(" + all("l") + ")";
        String join = "FROM s FULL JOIN l ON " + on;
        List<long[]> counts = sql.query(with + "SELECT count(s.present), count(l.present),"
                + " count(*) FILTER (WHERE l.present IS NULL), count(*) FILTER (WHERE s.present IS NULL),"
                + " count(*) FILTER (WHERE s.present IS NOT NULL AND l.present IS NOT NULL AND " + differ + ") " + join,
                r -> new long[]{r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)});
        long[] c = counts.get(0);
        var found = new TableDiff.Samples(
                samples(sql, "s", join + " WHERE l.present IS NULL", samples),
                samples(sql, "l", join + " WHERE s.present IS NULL", samples),
                samples(sql, "s", join + " WHERE s.present IS NOT NULL AND l.present IS NOT NULL AND " + differ, samples));
        return new TableDiff(table.ref(), key, c[0], c[1], c[2], c[3], c[4], found, notes);
    }

    private List<String> samples(Db sql, String side, String from, int samples) {
        if (samples == 0) return List.of();
        String keys = key.stream().map(k -> side + "." + v(k)).collect(Collectors.joining(", "));
        return sql.query(with + "SELECT " + keys + " " + from + " ORDER BY " + keys + " LIMIT " + samples, r -> {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) parts.add(key.get(i) + "=" + shortened(r.getString(i + 1)));
            return String.join(", ", parts);
        });
    }

    private TableDiff multiset(Db sql, int samples) {
        String cols = all("x");
        String lost = "(SELECT " + all("s") + " FROM s EXCEPT ALL SELECT " + all("l") + " FROM l)";
        String added = "(SELECT " + all("l") + " FROM l EXCEPT ALL SELECT " + all("s") + " FROM s)";
        List<long[]> counts = sql.query(with + "SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM l),"
                + " (SELECT count(*) FROM " + lost + " x), (SELECT count(*) FROM " + added + " x)",
                r -> new long[]{r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)});
        long[] c = counts.get(0);
        var found = new TableDiff.Samples(rows(sql, lost, cols, samples), rows(sql, added, cols, samples), List.of());
        return new TableDiff(table.ref(), List.of(), c[0], c[1], c[2], c[3], -1, found, notes);
    }

    /** Whole rows as samples, for a table without a key: {@code (v0, v1, …)} as text, shortened. */
    private List<String> rows(Db sql, String set, String cols, int samples) {
        if (samples == 0) return List.of();
        return sql.query(with + "SELECT ROW(" + cols + ")::text FROM " + set + " x ORDER BY 1 LIMIT " + samples,
                r -> shortened(r.getString(1)));
    }

    private String all(String side) {
        List<String> columns = new ArrayList<>();
        for (int j = 0; j < compared.size(); j++) columns.add(side + ".v" + j);
        return String.join(", ", columns);
    }

    private String v(String column) {
        return "v" + compared.indexOf(column);
    }

    private static String shortened(String value) {
        if (value == null) return "NULL";
        return value.length() <= SAMPLE_CHARS ? value : value.substring(0, SAMPLE_CHARS) + "…";
    }
}
