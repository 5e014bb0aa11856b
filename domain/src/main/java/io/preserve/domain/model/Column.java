package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * A column whose values a snapshot carries.
 *
 * @param type       the type as PostgreSQL's {@code format_type} prints it, e.g. {@code character varying(255)}
 * @param notNull    whether the column rejects NULL
 * @param identity   {@code "always"}, {@code "by default"} or {@code null}
 * @param hasDefault whether an insert that leaves the column out fills it (a default, or an identity)
 * @param enumLabels the labels of the column's enum type, in order, or {@code null} when it is no enum
 */
public record Column(String name, String type, boolean notNull, String identity, boolean hasDefault,
                     List<String> enumLabels) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        enumLabels = enumLabels == null ? null : List.copyOf(enumLabels);
    }

    public Column(String name, String type, boolean notNull, String identity, boolean hasDefault) {
        this(name, type, notNull, identity, hasDefault, null);
    }

    public Column(String name, String type, boolean notNull, String identity) {
        this(name, type, notNull, identity, identity != null);
    }

    /**
     * Whether every value of this column, as stored in a snapshot, is a valid value of {@code live} as it is:
     * the same type and, for an enum, no label taken away since.
     */
    public boolean valuesFit(Column live) {
        if (!type.equals(live.type())) return false;
        return enumLabels == null || live.enumLabels() == null || live.enumLabels().containsAll(enumLabels);
    }

    /** The enum labels this column had that {@code live} has no more. */
    public List<String> labelsGoneIn(Column live) {
        if (enumLabels == null || live.enumLabels() == null) return List.of();
        return enumLabels.stream().filter(l -> !live.enumLabels().contains(l)).toList();
    }
}
