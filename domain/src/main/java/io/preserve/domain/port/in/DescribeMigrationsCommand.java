package io.preserve.domain.port.in;

import io.preserve.domain.model.migration.MigrationQuery;

import java.util.Objects;

/**
 * A request for the migration state.
 *
 * @param measure whether to count, in the live database, what each pending statement touches
 */
public record DescribeMigrationsCommand(MigrationQuery query, boolean measure) {
    public DescribeMigrationsCommand {
        Objects.requireNonNull(query, "query");
    }
}
