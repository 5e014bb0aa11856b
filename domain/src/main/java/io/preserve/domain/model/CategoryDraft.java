package io.preserve.domain.model;

import java.util.List;
import java.util.Map;

/**
 * A starter set of categories proposed from the live schema ({@code preserve init}): each category with why each
 * of its tables is in it and how many rows it holds, the groups, and the tables left out on purpose.
 *
 * @param leftOut      tables in no category, each with the reason
 * @param groupReasons why each category of a group is in it (the group {@code admin}), by category name
 */
public record CategoryDraft(String database, String schema, List<Entry> categories, Map<String, List<String>> groups,
                            Map<String, String> leftOut, List<String> notes, Map<String, String> groupReasons) {

    /**
     * A table of a drafted category.
     *
     * @param rows   the rows the category holds of it (those its filter takes, when it has one)
     * @param reason why it is in the category, or {@code null} for the table the category is named after
     */
    public record Member(String table, long rows, String reason) {
    }

    public record Entry(Category category, List<Member> members) {
        public Entry {
            members = List.copyOf(members);
        }
    }

    public CategoryDraft {
        categories = List.copyOf(categories);
        groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        leftOut = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(leftOut));
        notes = List.copyOf(notes);
        groupReasons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groupReasons));
    }

    public CategoryDraft(String database, String schema, List<Entry> categories, Map<String, List<String>> groups,
                         Map<String, String> leftOut, List<String> notes) {
        this(database, schema, categories, groups, leftOut, notes, Map.of());
    }

    /** The draft as the categories that names resolve through, {@code source} saying where they come from. */
    public Categories asCategories(String source) {
        return new Categories(categories.stream().map(Entry::category).toList(), groups, source);
    }
}
