package io.preserve.domain.model;

import java.util.Objects;

/**
 * A column whose values a snapshot carries.
 *
 * @param type      the type as PostgreSQL's {@code format_type} prints it, e.g. {@code character varying(255)}
 * @param notNull   whether the column rejects NULL
 * @param identity  {@code "always"}, {@code "by default"} or {@code null}
 */
public record Column(String name, String type, boolean notNull, String identity) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
