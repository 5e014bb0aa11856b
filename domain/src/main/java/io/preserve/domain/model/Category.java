package io.preserve.domain.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named set of tables restored or skipped together (e.g. {@code images} = the generated images), with tags
 * that name several categories at once (e.g. {@code --skip-images} skips every category tagged {@code images}).
 *
 * @param filters which rows of a table the category holds, by table; a table without one is held whole
 * @param mode    how the category's tables are restored unless {@code --mode} says otherwise, or {@code null}
 * @param origin  where it was defined, for messages (e.g. {@code preserve.yaml:12}), or {@code null}
 */
public record Category(String name, String description, List<String> tables, Map<String, RowFilter> filters,
                       RestoreMode mode, Set<String> tags, String origin) {
    public Category {
        Objects.requireNonNull(name, "name");
        tables = List.copyOf(tables);
        filters = Map.copyOf(filters);
        tags = Set.copyOf(tags);
        for (String table : filters.keySet()) {
            if (!tables.contains(table)) throw new IllegalArgumentException("a filter for a table not listed: " + table);
        }
    }

    public Category(String name, String description, List<String> tables, Set<String> tags, String origin) {
        this(name, description, tables, Map.of(), null, tags, origin);
    }
}
