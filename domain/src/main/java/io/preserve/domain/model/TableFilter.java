package io.preserve.domain.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of one table a backup or a restore takes, resolved from categories' {@link RowFilter}s: a condition on
 * the table's columns, or the rows that reference (by foreign key) the rows of another table that match that
 * table's own filter, or the rows any of several filters takes (two categories that hold different rows of the
 * table, both named), or everything but those ({@code --skip}).
 *
 * @param where     a condition on the table's columns, or {@code null}
 * @param via       the parent table (as named in the database now) whose rows are referenced, or {@code null}
 * @param viaFilter which parent rows count; {@code null} for all of them
 * @param anyOf     filters of which any may take a row, or {@code null}
 * @param negated   the rows that do not match
 * @param category  the category (or categories, comma-separated) that define the filter, for messages
 */
public record TableFilter(String where, String via, TableFilter viaFilter, List<TableFilter> anyOf, boolean negated,
                          String category) {
    public TableFilter {
        int kinds = (where != null ? 1 : 0) + (via != null ? 1 : 0) + (anyOf != null ? 1 : 0);
        if (kinds != 1) throw new IllegalArgumentException("a condition, a parent table, or filters to choose from");
        if (anyOf != null && anyOf.size() < 2) throw new IllegalArgumentException("anyOf needs two filters or more");
        anyOf = anyOf == null ? null : List.copyOf(anyOf);
    }

    public TableFilter(String where, String via, TableFilter viaFilter, boolean negated, String category) {
        this(where, via, viaFilter, null, negated, category);
    }

    /** The rows either filter takes: one filter if they are the same. */
    public static TableFilter either(TableFilter a, TableFilter b) {
        Set<TableFilter> parts = new LinkedHashSet<>();
        for (TableFilter f : List.of(a, b)) {
            if (f.anyOf() != null && !f.negated()) parts.addAll(f.anyOf());
            else parts.add(f);
        }
        if (parts.size() == 1) return a;
        List<TableFilter> list = new ArrayList<>(parts);
        String categories = list.stream().flatMap(f -> java.util.Arrays.stream(f.category().split(", ")))
                .distinct().collect(Collectors.joining(", "));
        return new TableFilter(null, null, null, list, false, categories);
    }

    public TableFilter negate() {
        return new TableFilter(where, via, viaFilter, anyOf, !negated, category);
    }

    /** Every parent table a {@code via} in this filter reads, at any depth. */
    public Set<String> viaTables() {
        Set<String> tables = new LinkedHashSet<>();
        if (via != null) tables.add(via);
        if (viaFilter != null) tables.addAll(viaFilter.viaTables());
        if (anyOf != null) anyOf.forEach(f -> tables.addAll(f.viaTables()));
        return tables;
    }

    public String describe() {
        String rule = where != null ? where
                : via != null ? "references " + via + (viaFilter == null ? "" : " rows where " + viaFilter.describe())
                : anyOf.stream().map(f -> "(" + f.describe() + ")").collect(Collectors.joining(" or "));
        return negated ? "not (" + rule + ")" : rule;
    }
}
