package io.preserve.domain.service.migration;

import io.preserve.domain.model.BackupReport;
import io.preserve.domain.model.SnapshotKind;
import io.preserve.domain.model.migration.MigrationOverview;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.PreMigrationReport;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.BackupUseCase;
import io.preserve.domain.port.in.DescribeMigrationsCommand;
import io.preserve.domain.port.in.DescribeMigrationsUseCase;
import io.preserve.domain.port.in.PreMigrationCommand;
import io.preserve.domain.port.in.PreMigrationUseCase;
import io.preserve.domain.port.out.WriteMigrationInfoPort;

import java.util.Optional;

/**
 * Reads the migration state (counting what pending statements touch), takes a snapshot of kind {@code pre-migration}
 * and writes the state beside it. The snapshot is complete before the migration info is written: a migration info file
 * always has its snapshot.
 */
public final class PreMigrationService implements PreMigrationUseCase {
    private final DescribeMigrationsUseCase migrations;
    private final BackupUseCase backup;
    private final WriteMigrationInfoPort info;

    public PreMigrationService(DescribeMigrationsUseCase migrations, BackupUseCase backup, WriteMigrationInfoPort info) {
        this.migrations = migrations;
        this.backup = backup;
        this.info = info;
    }

    @Override
    public PreMigrationReport backUp(PreMigrationCommand command) {
        MigrationOverview overview = migrations.describe(new DescribeMigrationsCommand(command.query(), true));
        if (command.onlyIfPending() && !hasPending(overview)) {
            return new PreMigrationReport(overview, Optional.empty(), Optional.empty());
        }
        BackupReport report = backup.backup(new BackupCommand(command.categories(), command.selection(), command.progress(),
                SnapshotKind.PRE_MIGRATION));
        String location = info.write(report.manifest().id(), overview);
        return new PreMigrationReport(overview, Optional.of(report), Optional.of(location));
    }

    /** Pending, or rolled back (the tool applies those again). */
    static boolean hasPending(MigrationOverview overview) {
        return overview.statuses().stream().anyMatch(s -> s.state() == MigrationStatus.State.PENDING
                || s.state() == MigrationStatus.State.ROLLED_BACK && s.script() != null);
    }
}
