package io.preserve.domain.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which tables, and which of their rows, a backup or a restore takes: everything, or only the names in
 * {@code only}, less the names in {@code skip}. Names are resolved by {@link Categories}. A category that holds
 * only some rows of a table (a row filter) selects those rows with {@code --only}, and leaves them out with
 * {@code --skip}; a table named whole, by its name or by a category that holds all of it, is taken or left whole.
 */
public record Selection(List<String> only, List<String> skip, Map<String, String> flags) {
    public static final Selection ALL = new Selection(List.of(), List.of());

    /** @param flags the names a flag stands for, with the flag ({@code analytics}: {@code --skip-analytics}), for messages */
    public Selection {
        only = List.copyOf(only);
        skip = List.copyOf(skip);
        flags = Map.copyOf(flags);
    }

    public Selection(List<String> only, List<String> skip) {
        this(only, skip, Map.of());
    }

    public boolean everything() {
        return only.isEmpty() && skip.isEmpty();
    }

    /** The selected tables among {@code tables}, in their order. */
    public Set<String> apply(Categories categories, Collection<String> tables) {
        Set<String> ordered = new LinkedHashSet<>();
        filters(categories, tables).keySet().forEach(ordered::add);
        return ordered;
    }

    /**
     * The selected tables among {@code tables}, in their order, each with the rows taken: {@link Optional#empty()}
     * for all of them.
     */
    public Map<String, java.util.Optional<TableFilter>> filters(Categories categories, Collection<String> tables) {
        Map<String, Reach> included = new LinkedHashMap<>();
        if (only.isEmpty()) tables.forEach(t -> included.put(t, Reach.WHOLE));
        for (String name : only) reach(categories, name, tables).forEach((t, r) -> included.merge(t, r, Reach::union));
        Map<String, Reach> skipped = new LinkedHashMap<>();
        for (String name : skip) reach(categories, name, tables).forEach((t, r) -> skipped.merge(t, r, Reach::union));
        Map<String, java.util.Optional<TableFilter>> result = new LinkedHashMap<>();
        for (String table : tables) {
            Reach in = included.get(table);
            if (in == null) continue;
            Reach out = skipped.get(table);
            if (out == null) {
                result.put(table, java.util.Optional.ofNullable(in.filter()));
            } else if (out.filter() != null && in.filter() == null) {
                result.put(table, java.util.Optional.of(out.filter().negate()));
            } else if (out.filter() != null && !out.filter().equals(in.filter())) {
                result.put(table, java.util.Optional.of(in.filter()));
            }
        }
        return result;
    }

    /** How much of a table a name reaches: all of it ({@code filter == null}), or the rows of a filter. */
    private record Reach(TableFilter filter) {
        static final Reach WHOLE = new Reach(null);

        Reach union(Reach other) {
            if (filter == null || other.filter == null) return WHOLE;
            return Objects.equals(filter, other.filter) ? this : new Reach(TableFilter.either(filter, other.filter));
        }
    }

    private Map<String, Reach> reach(Categories categories, String name, Collection<String> tables) {
        Map<String, Reach> reached = new LinkedHashMap<>();
        Set<String> named = tablesOf(categories, name, tables);
        List<Category> through = categories.categoriesNamed(name);
        for (String table : named) {
            Reach reach = null;
            for (Category c : through) {
                if (!c.tables().contains(table)) continue;
                Reach r = new Reach(Categories.filterOf(c, table));
                reach = reach == null ? r : reach.union(r);
            }
            reached.put(table, reach == null ? Reach.WHOLE : reach);
        }
        return reached;
    }

    /** The tables {@code name} stands for; an unknown name given by a flag is refused naming the flag. */
    private Set<String> tablesOf(Categories categories, String name, Collection<String> tables) {
        try {
            return categories.tablesOf(name, tables);
        } catch (io.preserve.domain.error.InvalidRequest e) {
            String flag = flags.get(name);
            if (flag == null) throw e;
            throw new io.preserve.domain.error.InvalidRequest(flag + ": " + e.getMessage() + " (" + flag + " stands for the name '"
                    + name + "', and nothing here is so named: name or tag a category '" + name + "' in preserve.yaml, or leave the flag out)");
        }
    }

    /** Why a table is not in the selection, in the words of the options. */
    public String whyNot(Categories categories, Collection<String> tables, String table) {
        for (String name : skip) {
            if (tablesOf(categories, name, tables).contains(table)) {
                return "skipped (" + (flags.containsKey(name) ? flags.get(name) : "--skip " + name) + ")";
            }
        }
        return "not selected (--only " + String.join(",", only) + ")";
    }
}
