package io.preserve.domain.port.in;

import io.preserve.domain.model.migration.MigrationOverview;

/** Says where the project's migrations stand, what the tool will do next and what the pending ones will cost. */
public interface DescribeMigrationsUseCase {
    MigrationOverview describe(DescribeMigrationsCommand command);
}
