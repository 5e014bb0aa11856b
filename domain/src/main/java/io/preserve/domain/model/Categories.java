package io.preserve.domain.model;

import io.preserve.domain.error.InvalidRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The project's categories and groups (a group names categories or other groups). A name given to
 * {@code --only}/{@code --skip} may be a category, a group, a tag, or a table. Without a configuration every table
 * is a category of its own, so everything works with zero configuration.
 *
 * @param source where the definitions come from (a file), or {@code null} when there are none
 */
public record Categories(List<Category> categories, Map<String, List<String>> groups, String source) {

    public static final Categories NONE = new Categories(List.of(), Map.of(), null);

    public Categories {
        categories = List.copyOf(categories);
        groups = Map.copyOf(groups);
    }

    public boolean configured() {
        return source != null;
    }

    /** The tables a name stands for, among {@code tables}; unknown names are refused with what is known. */
    public Set<String> tablesOf(String name, Collection<String> tables) {
        Set<String> found = new LinkedHashSet<>();
        List<Category> named = categoriesNamed(name);
        if (!named.isEmpty()) {
            named.forEach(c -> c.tables().stream().filter(tables::contains).forEach(found::add));
        } else if (tables.contains(name)) {
            found.add(name);
        } else {
            throw new InvalidRequest("unknown category, group, tag or table '" + name + "'"
                    + (configured() ? " in " + source : " (no preserve.yaml: every table is its own category)")
                    + "; " + known(tables));
        }
        return found;
    }

    /** What names there are: "categories: a, b; groups: admin; tags: images", or the tables when there is nothing else. */
    private String known(Collection<String> tables) {
        Set<String> tags = new TreeSet<>();
        categories.forEach(c -> tags.addAll(c.tags()));
        List<String> parts = new ArrayList<>();
        if (!categories.isEmpty()) parts.add("categories: " + String.join(", ", new TreeSet<>(byName().keySet())));
        if (!groups.isEmpty()) parts.add("groups: " + String.join(", ", new TreeSet<>(groups.keySet())));
        if (!tags.isEmpty()) parts.add("tags: " + String.join(", ", tags));
        if (parts.isEmpty()) parts.add("tables: " + String.join(", ", new TreeSet<>(tables)));
        return String.join("; ", parts);
    }

    /** The categories a name stands for (a category, a group, a tag); none for a table name or an unknown name. */
    public List<Category> categoriesNamed(String name) {
        List<Category> found = new ArrayList<>();
        collectCategories(name, found, new ArrayList<>());
        return found;
    }

    private void collectCategories(String name, List<Category> into, List<String> path) {
        if (path.contains(name)) throw new InvalidRequest("groups form a cycle: " + String.join(" -> ", path) + " -> " + name);
        var category = categories.stream().filter(c -> c.name().equals(name)).findFirst();
        if (category.isPresent()) {
            into.add(category.get());
        } else if (groups.containsKey(name)) {
            path.add(name);
            for (String member : groups.get(name)) collectCategories(member, into, path);
            path.remove(path.size() - 1);
        } else {
            categories.stream().filter(c -> c.tags().contains(name)).forEach(into::add);
        }
    }

    /**
     * The rows of {@code table} that {@code category} holds, resolved through parent tables; {@code null} when
     * it holds the whole table.
     */
    public static TableFilter filterOf(Category category, String table) {
        return filterOf(category, table, new ArrayList<>());
    }

    private static TableFilter filterOf(Category category, String table, List<String> path) {
        RowFilter rule = category.filters().get(table);
        if (rule == null) return null;
        if (rule.where() != null) return new TableFilter(rule.where(), null, null, false, category.name());
        if (path.contains(table)) {
            throw new InvalidRequest((category.origin() == null ? "" : category.origin() + ": ") + "category '"
                    + category.name() + "': 'via' goes round in a circle: " + String.join(" -> ", path) + " -> " + table);
        }
        path.add(table);
        TableFilter parent = filterOf(category, rule.via(), path);
        path.remove(path.size() - 1);
        return new TableFilter(null, rule.via(), parent, false, category.name());
    }

    /** Each table not in any category. */
    public List<String> uncategorized(Collection<String> tables) {
        Set<String> covered = new LinkedHashSet<>();
        categories.forEach(c -> covered.addAll(c.tables()));
        return tables.stream().filter(t -> !covered.contains(t)).sorted().toList();
    }

    /** Every category's tables must exist among {@code tables}: otherwise the first offender, with where it is. */
    public void checkTablesExist(Collection<String> tables, String where) {
        for (Category c : categories) {
            for (String table : c.tables()) {
                if (!tables.contains(table)) {
                    throw new InvalidRequest((c.origin() == null ? "" : c.origin() + ": ") + "category '" + c.name()
                            + "' names table '" + table + "', which is not in " + where);
                }
            }
        }
    }

    public Map<String, Category> byName() {
        Map<String, Category> map = new LinkedHashMap<>();
        categories.forEach(c -> map.put(c.name(), c));
        return map;
    }
}
