package io.preserve.domain.model;

import java.util.List;
import java.util.Map;

/**
 * The categories as they resolve against a live database: per category its tables with their row counts, the
 * groups, and the tables that belong to no category.
 */
public record CategoryOverview(String source, String database, String schema, List<Entry> categories,
                               Map<String, List<String>> groups, List<TableCount> uncategorized) {

    /** @param filter which rows the category holds, in words, or {@code null} for all of them */
    public record TableCount(String table, long rows, String filter) {
        public TableCount(String table, long rows) {
            this(table, rows, null);
        }
    }

    public record Entry(Category category, List<TableCount> tables) {
    }

    public CategoryOverview {
        categories = List.copyOf(categories);
        groups = Map.copyOf(groups);
        uncategorized = List.copyOf(uncategorized);
    }
}
