package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;

/** A foreign key from {@code columns} of its table to {@code referencedColumns} of {@code referenced}. */
public record ForeignKey(String name, List<String> columns, TableRef referenced, List<String> referencedColumns) {
    public ForeignKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(referenced, "referenced");
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}
