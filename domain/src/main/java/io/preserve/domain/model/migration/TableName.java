package io.preserve.domain.model.migration;

import java.util.Objects;

/** A table as a migration names it: the schema when the statement gives one (else {@code null}: the search path's). */
public record TableName(String schema, String name) {
    public TableName {
        Objects.requireNonNull(name, "name");
    }

    public String display() {
        return schema == null ? name : schema + "." + name;
    }

    @Override
    public String toString() {
        return display();
    }
}
