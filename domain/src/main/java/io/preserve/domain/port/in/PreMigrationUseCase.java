package io.preserve.domain.port.in;

import io.preserve.domain.model.migration.PreMigrationReport;

/** Backs up before a migration, keeping with the snapshot what the migrations were and what they will cost. */
public interface PreMigrationUseCase {
    PreMigrationReport backUp(PreMigrationCommand command);
}
