package io.preserve.domain.model.migration;

import java.util.Objects;

/**
 * One table of the schema at one moment: its rows, and what identifies this table as this table (its catalog id: a
 * table dropped and created again under the same name has another).
 *
 * @param history whether it is a migration tool's history table
 */
public record TableCount(String table, long rows, String identity, boolean history) {
    public TableCount {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(identity, "identity");
    }
}
