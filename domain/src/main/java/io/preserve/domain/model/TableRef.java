package io.preserve.domain.model;

import java.util.Objects;

/** A table, named by its schema and its name exactly as the catalog spells them (no quoting). */
public record TableRef(String schema, String name) implements Comparable<TableRef> {

    public TableRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) throw new IllegalArgumentException("a table needs a name");
    }

    /** How people read it: {@code schema.name}, unquoted. */
    public String display() {
        return schema + "." + name;
    }

    // Written out rather than generated: TableRef keys every map and set of a restore, and a record's generated
    // equals and hashCode are bootstrapped through invokedynamic on first use, tens of milliseconds of start-up.
    @Override
    public boolean equals(Object other) {
        return other instanceof TableRef t && schema.equals(t.schema) && name.equals(t.name);
    }

    @Override
    public int hashCode() {
        return 31 * schema.hashCode() + name.hashCode();
    }

    @Override
    public int compareTo(TableRef other) {
        int bySchema = schema.compareTo(other.schema);
        return bySchema != 0 ? bySchema : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return display();
    }
}
