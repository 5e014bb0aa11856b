package io.preserve.domain.port.out;

import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.model.migration.MigrationState;

/** Reads a project's migrations: the files of its migration folder and the rows of the tool's history table. */
public interface ReadMigrationsPort {
    /**
     * The tool's migrations and history; throws {@link io.preserve.domain.error.InvalidRequest} when no tool can be
     * found (saying where it looked) or a folder named cannot be read.
     */
    MigrationState read(MigrationQuery query);
}
