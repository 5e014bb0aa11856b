package io.preserve.domain.model;

import java.util.Comparator;
import java.util.Objects;

/** A table, named by its schema and its name exactly as the catalog spells them (no quoting). */
public record TableRef(String schema, String name) implements Comparable<TableRef> {

    private static final Comparator<TableRef> ORDER =
            Comparator.comparing(TableRef::schema).thenComparing(TableRef::name);

    public TableRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) throw new IllegalArgumentException("a table needs a name");
    }

    /** How people read it: {@code schema.name}, unquoted. */
    public String display() {
        return schema + "." + name;
    }

    @Override
    public int compareTo(TableRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return display();
    }
}
