package io.preserve.domain.model;

import java.util.Objects;

/**
 * A rule a table applies to every row written into it, beyond its columns' types, their NOT NULL and its foreign
 * keys: a CHECK, a unique index of any kind (primary key, constraint, partial, over expressions), an exclusion
 * constraint, or a row trigger that runs on insert.
 *
 * @param name       the constraint's, index's or trigger's name
 * @param definition the rule as the database prints it, without the name (e.g. {@code CHECK ((price > (0)::numeric))},
 *                   {@code UNIQUE USING btree (lower(email)) WHERE published}): two tables with the same definition
 *                   accept the same rows, whatever the name
 */
public record Constraint(Kind kind, String name, String definition) {
    public enum Kind {
        CHECK, UNIQUE, EXCLUSION, TRIGGER;

        /** Whether the database applies it in a way no comparison of definitions can vouch for (a trigger runs code). */
        public boolean opaque() {
            return this == TRIGGER;
        }
    }

    public Constraint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
    }

    /** The same rule, whatever it is called. */
    public boolean sameRule(Constraint other) {
        return kind == other.kind && definition.equals(other.definition);
    }

    /** As a person reads it in a plan: {@code CHECK ((price > 0)) (price_positive)}. */
    public String describe() {
        return definition + " (" + name + ")";
    }
}
