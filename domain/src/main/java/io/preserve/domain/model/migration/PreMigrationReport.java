package io.preserve.domain.model.migration;

import io.preserve.domain.model.BackupReport;

import java.util.Objects;
import java.util.Optional;

/**
 * The account of a pre-migration backup: the migration state it was taken in, the snapshot (none when nothing was
 * pending and the backup was asked for only then), and where the migration info was written beside it.
 */
public record PreMigrationReport(MigrationOverview overview, Optional<BackupReport> backup, Optional<String> migrationInfo) {
    public PreMigrationReport {
        Objects.requireNonNull(overview, "overview");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(migrationInfo, "migrationInfo");
    }
}
