package io.preserve.domain.model;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tables a backup or a restore takes: everything, or only the names in {@code only}, less the names in
 * {@code skip}. Names are resolved by {@link Categories}.
 */
public record Selection(List<String> only, List<String> skip) {
    public static final Selection ALL = new Selection(List.of(), List.of());

    public Selection {
        only = List.copyOf(only);
        skip = List.copyOf(skip);
    }

    public boolean everything() {
        return only.isEmpty() && skip.isEmpty();
    }

    /** The selected tables among {@code tables}, in their order. */
    public Set<String> apply(Categories categories, Collection<String> tables) {
        Set<String> selected = new LinkedHashSet<>();
        if (only.isEmpty()) selected.addAll(tables);
        else for (String name : only) selected.addAll(categories.tablesOf(name, tables));
        for (String name : skip) selected.removeAll(categories.tablesOf(name, tables));
        Set<String> ordered = new LinkedHashSet<>();
        tables.stream().filter(selected::contains).forEach(ordered::add);
        return ordered;
    }

    /** Why a table is not in the selection, in the words of the options. */
    public String whyNot(Categories categories, Collection<String> tables, String table) {
        for (String name : skip) {
            if (categories.tablesOf(name, tables).contains(table)) return "skipped (--skip " + name + ")";
        }
        return "not selected (--only " + String.join(",", only) + ")";
    }
}
