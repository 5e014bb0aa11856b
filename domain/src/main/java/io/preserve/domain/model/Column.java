package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * A column whose values a snapshot carries.
 *
 * @param type         the type as PostgreSQL's {@code format_type} prints it, e.g. {@code character varying(255)}
 * @param notNull      whether the column rejects NULL
 * @param identity     {@code "always"}, {@code "by default"} or {@code null}
 * @param hasDefault   whether an insert that leaves the column out fills it (a default, or an identity)
 * @param enumLabels   the labels of the column's enum type, in order, or {@code null} when it is no enum
 * @param domainChecks the constraints of the column's domain type and the domains under it, as the database prints
 *                     them ({@code CHECK ((VALUE ~~ '%@%'::text))}, {@code NOT NULL}); empty when the type is no
 *                     domain or a domain without constraints; {@code null} when not known (an older snapshot)
 */
public record Column(String name, String type, boolean notNull, String identity, boolean hasDefault,
                     List<String> enumLabels, List<String> domainChecks) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        enumLabels = enumLabels == null ? null : List.copyOf(enumLabels);
        domainChecks = domainChecks == null ? null : List.copyOf(domainChecks);
    }

    public Column(String name, String type, boolean notNull, String identity, boolean hasDefault, List<String> enumLabels) {
        this(name, type, notNull, identity, hasDefault, enumLabels, List.of());
    }

    public Column(String name, String type, boolean notNull, String identity, boolean hasDefault) {
        this(name, type, notNull, identity, hasDefault, null);
    }

    public Column(String name, String type, boolean notNull, String identity) {
        this(name, type, notNull, identity, identity != null);
    }

    /**
     * Whether every value of this column, as stored in a snapshot, is a valid value of {@code live} as it is:
     * the same type, for an enum no label taken away since, and for a domain no constraint added since.
     */
    public boolean valuesFit(Column live) {
        if (!type.equals(live.type())) return false;
        if (live.domainChecks() != null && !live.domainChecks().isEmpty() && (domainChecks == null || !domainChecks.containsAll(live.domainChecks()))) {
            return false;
        }
        return enumLabels == null || live.enumLabels() == null || live.enumLabels().containsAll(enumLabels);
    }

    /** Whether {@code live} refuses NULL where this column took it. */
    public boolean tightenedIn(Column live) {
        return live.notNull() && !notNull;
    }

    /** The constraints of {@code live}'s domain that this column's type did not have. */
    public List<String> domainChecksNewIn(Column live) {
        if (live.domainChecks() == null) return List.of();
        return live.domainChecks().stream().filter(c -> domainChecks == null || !domainChecks.contains(c)).toList();
    }

    /** The enum labels this column had that {@code live} has no more. */
    public List<String> labelsGoneIn(Column live) {
        if (enumLabels == null || live.enumLabels() == null) return List.of();
        return enumLabels.stream().filter(l -> !live.enumLabels().contains(l)).toList();
    }
}
