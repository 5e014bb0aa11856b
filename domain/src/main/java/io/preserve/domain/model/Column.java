package io.preserve.domain.model;

import java.util.Objects;

/**
 * A column whose values a snapshot carries.
 *
 * @param type      the type as PostgreSQL's {@code format_type} prints it, e.g. {@code character varying(255)}
 * @param notNull   whether the column rejects NULL
 * @param identity  {@code "always"}, {@code "by default"} or {@code null}
 * @param hasDefault whether an insert that leaves the column out fills it (a default, or an identity)
 */
public record Column(String name, String type, boolean notNull, String identity, boolean hasDefault) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public Column(String name, String type, boolean notNull, String identity) {
        this(name, type, notNull, identity, identity != null);
    }
}
